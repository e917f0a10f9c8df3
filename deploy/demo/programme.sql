-- Demo data for `make run`: the catalogue of Partsrådet's programme Hållbart arbetsliv (seed
-- 001; domain.md, "Programme services") with interest, orders (avrop) and delivery occasions
-- (leveranstillfällen) of the demo agencies, in the seed's shape: nearly 80 % of members
-- expressed interest (6 of 7), more than 50 % ordered at least one service (4 of 7), delivered
-- orders met at more occasions than there are orders (5 orders at 8 occasions; the seed: 165 at
-- 263). The programme, its owner and its members live in organisations.sql; this file adds the
-- four agencies of the knowledge group as members too, so the shares mean something. Seven
-- services are named in the seed; the other six names are illustrative. Ids are fixed and
-- re-running the file changes nothing (ON CONFLICT DO NOTHING). No outbox events are written:
-- demo rows are not replayed to reporting.

-- Members of the programme (networks a3…05), besides FK, Arbetsförmedlingen and Skatteverket.
SET search_path TO organisations;
INSERT INTO memberships (id, network_id, organisation_id, role, start_date, end_date) VALUES
  ('a4000000-0000-4000-8000-000000000030', 'a3000000-0000-4000-8000-000000000005', 'a1000000-0000-4000-8000-000000000013', 1, '2018-01-01', NULL),
  ('a4000000-0000-4000-8000-000000000031', 'a3000000-0000-4000-8000-000000000005', 'a1000000-0000-4000-8000-000000000014', 1, '2018-01-01', NULL),
  ('a4000000-0000-4000-8000-000000000032', 'a3000000-0000-4000-8000-000000000005', 'a1000000-0000-4000-8000-000000000015', 1, '2019-03-01', NULL),
  ('a4000000-0000-4000-8000-000000000033', 'a3000000-0000-4000-8000-000000000005', 'a1000000-0000-4000-8000-000000000016', 1, '2018-01-01', NULL)
ON CONFLICT (id) DO NOTHING;

-- Contacts who order: each side of each ordering agency (the union side as a union
-- representative of the agency).
INSERT INTO contacts (id, organisation_id, full_name, email, role, unit_id) VALUES
  ('a5000000-0000-4000-8000-000000000030', 'a1000000-0000-4000-8000-000000000001', 'Karin Nyström', 'karin.nystrom@example.fk.se', 1, NULL),
  ('a5000000-0000-4000-8000-000000000031', 'a1000000-0000-4000-8000-000000000001', 'Anders Wik', 'anders.wik@example.fk.se', 3, NULL),
  ('a5000000-0000-4000-8000-000000000032', 'a1000000-0000-4000-8000-000000000019', 'Sara Lund', 'sara.lund@example.af.se', 1, NULL),
  ('a5000000-0000-4000-8000-000000000033', 'a1000000-0000-4000-8000-000000000019', 'Jonas Ek', 'jonas.ek@example.af.se', 3, NULL),
  ('a5000000-0000-4000-8000-000000000034', 'a1000000-0000-4000-8000-000000000022', 'Eva Borg', 'eva.borg@example.skatteverket.se', 1, NULL),
  ('a5000000-0000-4000-8000-000000000035', 'a1000000-0000-4000-8000-000000000022', 'Mats Falk', 'mats.falk@example.skatteverket.se', 3, NULL),
  ('a5000000-0000-4000-8000-000000000036', 'a1000000-0000-4000-8000-000000000013', 'Ingrid Sjö', 'ingrid.sjo@example.av.se', 1, NULL),
  ('a5000000-0000-4000-8000-000000000037', 'a1000000-0000-4000-8000-000000000013', 'Olle Dahl', 'olle.dahl@example.av.se', 3, NULL)
ON CONFLICT (id) DO NOTHING;

SET search_path TO funding;

-- The catalogue (tjänster). category: 1 remedial, 2 preventive, 3 promotive, 4 developmental;
-- format: 1 digital course, 2 workshop, 3 tool, 4 process support.
INSERT INTO service_offerings (id, programme_id, programme_owner_id, display_name, description,
                               category, format, duration_description, available_from,
                               available_until, retire_time, retire_note) VALUES
  ('b1000000-0000-4000-8000-000000000001', 'a3000000-0000-4000-8000-000000000005', 'a1000000-0000-4000-8000-000000000018',
   'IA-systemet', 'Webbaserat verktyg för styrning och kontroll över arbetsmiljöarbetet.', 2, 3, 'löpande', '2018-01-01', NULL, NULL, ''),
  ('b1000000-0000-4000-8000-000000000002', 'a3000000-0000-4000-8000-000000000005', 'a1000000-0000-4000-8000-000000000018',
   'Effektiva team', 'Metodstöd inom teamutveckling.', 4, 4, 'en termin', '2018-01-01', NULL,
   '2021-10-01 00:00:00+00', 'Målen för tjänsten är uppnådda; avvecklas andra halvan av 2021.'),
  ('b1000000-0000-4000-8000-000000000003', 'a3000000-0000-4000-8000-000000000005', 'a1000000-0000-4000-8000-000000000018',
   'Fånga tidiga tecken', 'Halvdagsworkshop till stöd i det förebyggande arbetet mot stress.', 2, 2, 'en halvdag', '2018-01-01', NULL, NULL, ''),
  ('b1000000-0000-4000-8000-000000000004', 'a3000000-0000-4000-8000-000000000005', 'a1000000-0000-4000-8000-000000000018',
   '29k Hantera stress', 'Digital kurs; stärker också de sociala banden mellan kollegor.', 3, 1, 'åtta veckor', '2020-09-01', NULL, NULL, ''),
  ('b1000000-0000-4000-8000-000000000005', 'a3000000-0000-4000-8000-000000000005', 'a1000000-0000-4000-8000-000000000018',
   'Kollektiv förmåga', 'Stöd i att utveckla strategier för ökad kunskapsintegration.', 4, 4, 'en termin', '2021-01-01', NULL, NULL, ''),
  ('b1000000-0000-4000-8000-000000000006', 'a3000000-0000-4000-8000-000000000005', 'a1000000-0000-4000-8000-000000000018',
   'Samskapat utvecklingsarbete', 'Digital verktygslåda: metodik för att ta tillvara samlad kunskap och olika perspektiv.', 4, 3, 'löpande', '2021-09-01', NULL, NULL, ''),
  ('b1000000-0000-4000-8000-000000000007', 'a3000000-0000-4000-8000-000000000005', 'a1000000-0000-4000-8000-000000000018',
   'Lärande i förändring', 'Digitalt verktyg för dialog: inspirationsmaterial, process- och ledningsstöd, samtalsunderlag.', 4, 3, 'löpande', '2021-11-01', NULL, NULL, ''),
  ('b1000000-0000-4000-8000-000000000008', 'a3000000-0000-4000-8000-000000000005', 'a1000000-0000-4000-8000-000000000018',
   'Tillbaka till arbetet', 'Illustrativ: stöd till chefer i återgången efter sjukskrivning.', 1, 2, 'två halvdagar', '2018-01-01', NULL, NULL, ''),
  ('b1000000-0000-4000-8000-000000000009', 'a3000000-0000-4000-8000-000000000005', 'a1000000-0000-4000-8000-000000000018',
   'Rehabiliteringsprocessen i praktiken', 'Illustrativ: arbetsgivarens rehabiliteringsansvar steg för steg.', 1, 1, 'fyra veckor', '2019-01-01', NULL, NULL, ''),
  ('b1000000-0000-4000-8000-000000000010', 'a3000000-0000-4000-8000-000000000005', 'a1000000-0000-4000-8000-000000000018',
   'Organisatorisk och social arbetsmiljö', 'Illustrativ: arbeta med AFS 2015:4 i vardagen.', 2, 2, 'en dag', '2018-01-01', NULL, NULL, ''),
  ('b1000000-0000-4000-8000-000000000011', 'a3000000-0000-4000-8000-000000000005', 'a1000000-0000-4000-8000-000000000018',
   'Friskfaktorer i arbetet', 'Illustrativ: kartlägga och stärka det som håller medarbetare friska.', 3, 2, 'en halvdag', '2019-01-01', NULL, NULL, ''),
  ('b1000000-0000-4000-8000-000000000012', 'a3000000-0000-4000-8000-000000000005', 'a1000000-0000-4000-8000-000000000018',
   'Hållbart ledarskap', 'Illustrativ: chefers egen arbetsmiljö och återhämtning.', 3, 1, 'sex veckor', '2020-01-01', NULL, NULL, ''),
  ('b1000000-0000-4000-8000-000000000013', 'a3000000-0000-4000-8000-000000000005', 'a1000000-0000-4000-8000-000000000018',
   'Det längre arbetslivet', 'Illustrativ: förutsättningar för att orka arbeta längre.', 4, 2, 'en dag', '2020-01-01', NULL, NULL, '')
ON CONFLICT (id) DO NOTHING;

-- Interest (intresseanmälan): six of the seven members; Socialstyrelsen has not (yet).
INSERT INTO interests (id, programme_id, programme_owner_id, member_organisation_id,
                       service_offering_id, express_date, note) VALUES
  ('b2000000-0000-4000-8000-000000000001', 'a3000000-0000-4000-8000-000000000005', 'a1000000-0000-4000-8000-000000000018', 'a1000000-0000-4000-8000-000000000001', 'b1000000-0000-4000-8000-000000000001', '2018-03-12', ''),
  ('b2000000-0000-4000-8000-000000000002', 'a3000000-0000-4000-8000-000000000005', 'a1000000-0000-4000-8000-000000000018', 'a1000000-0000-4000-8000-000000000019', 'b1000000-0000-4000-8000-000000000003', '2018-09-04', ''),
  ('b2000000-0000-4000-8000-000000000003', 'a3000000-0000-4000-8000-000000000005', 'a1000000-0000-4000-8000-000000000018', 'a1000000-0000-4000-8000-000000000022', 'b1000000-0000-4000-8000-000000000002', '2019-02-18', ''),
  ('b2000000-0000-4000-8000-000000000004', 'a3000000-0000-4000-8000-000000000005', 'a1000000-0000-4000-8000-000000000018', 'a1000000-0000-4000-8000-000000000013', NULL, '2019-05-06', 'Intresserade av programmet i stort.'),
  ('b2000000-0000-4000-8000-000000000005', 'a3000000-0000-4000-8000-000000000005', 'a1000000-0000-4000-8000-000000000018', 'a1000000-0000-4000-8000-000000000014', 'b1000000-0000-4000-8000-000000000004', '2020-10-01', ''),
  ('b2000000-0000-4000-8000-000000000006', 'a3000000-0000-4000-8000-000000000005', 'a1000000-0000-4000-8000-000000000018', 'a1000000-0000-4000-8000-000000000015', 'b1000000-0000-4000-8000-000000000005', '2021-02-15', '')
ON CONFLICT (id) DO NOTHING;

-- Orders (avrop), jointly by the employer side and the union side. state: 1 requested,
-- 2 confirmed, 3 delivering, 4 delivered, 5 cancelled.
INSERT INTO programme_orders (id, programme_id, programme_owner_id, service_offering_id,
                              member_organisation_id, employer_orderer, union_orderer, state,
                              desired_start, desired_end, expected_participants, note,
                              cancel_reason, cancel_note, confirm_time, delivery_start_time,
                              complete_time, cancel_time, create_time, update_time) VALUES
  -- Försäkringskassan: IA-systemet and Fånga tidiga tecken, both delivered.
  ('b3000000-0000-4000-8000-000000000001', 'a3000000-0000-4000-8000-000000000005', 'a1000000-0000-4000-8000-000000000018', 'b1000000-0000-4000-8000-000000000001', 'a1000000-0000-4000-8000-000000000001',
   'organisations/a1000000-0000-4000-8000-000000000001/contacts/a5000000-0000-4000-8000-000000000030', 'organisations/a1000000-0000-4000-8000-000000000001/contacts/a5000000-0000-4000-8000-000000000031',
   4, '2018-09-01', '2018-12-31', 40, '', 0, '', '2018-04-03 09:00+00', '2018-09-03 09:00+00', '2018-12-14 15:00+00', NULL, '2018-03-26 10:00+00', '2018-12-14 15:00+00'),
  ('b3000000-0000-4000-8000-000000000002', 'a3000000-0000-4000-8000-000000000005', 'a1000000-0000-4000-8000-000000000018', 'b1000000-0000-4000-8000-000000000003', 'a1000000-0000-4000-8000-000000000001',
   'organisations/a1000000-0000-4000-8000-000000000001/contacts/a5000000-0000-4000-8000-000000000030', 'organisations/a1000000-0000-4000-8000-000000000001/contacts/a5000000-0000-4000-8000-000000000031',
   4, '2019-02-01', '2019-06-30', 25, '', 0, '', '2019-01-21 09:00+00', '2019-02-04 09:00+00', '2019-05-20 15:00+00', NULL, '2019-01-14 10:00+00', '2019-05-20 15:00+00'),
  -- Arbetsförmedlingen: Fånga tidiga tecken delivered; 29k Hantera stress cancelled.
  ('b3000000-0000-4000-8000-000000000003', 'a3000000-0000-4000-8000-000000000005', 'a1000000-0000-4000-8000-000000000018', 'b1000000-0000-4000-8000-000000000003', 'a1000000-0000-4000-8000-000000000019',
   'organisations/a1000000-0000-4000-8000-000000000019/contacts/a5000000-0000-4000-8000-000000000032', 'organisations/a1000000-0000-4000-8000-000000000019/contacts/a5000000-0000-4000-8000-000000000033',
   4, '2018-10-01', '2018-12-31', 30, '', 0, '', '2018-09-24 09:00+00', '2018-10-08 09:00+00', '2018-11-30 15:00+00', NULL, '2018-09-17 10:00+00', '2018-11-30 15:00+00'),
  ('b3000000-0000-4000-8000-000000000004', 'a3000000-0000-4000-8000-000000000005', 'a1000000-0000-4000-8000-000000000018', 'b1000000-0000-4000-8000-000000000004', 'a1000000-0000-4000-8000-000000000019',
   'organisations/a1000000-0000-4000-8000-000000000019/contacts/a5000000-0000-4000-8000-000000000032', 'organisations/a1000000-0000-4000-8000-000000000019/contacts/a5000000-0000-4000-8000-000000000033',
   5, '2021-01-01', '2021-03-31', 60, '', 1, 'Omorganisation', NULL, NULL, NULL, '2020-12-10 10:00+00', '2020-11-02 10:00+00', '2020-12-10 10:00+00'),
  -- Skatteverket: Effektiva team delivered before it was retired; IA-systemet being delivered.
  ('b3000000-0000-4000-8000-000000000005', 'a3000000-0000-4000-8000-000000000005', 'a1000000-0000-4000-8000-000000000018', 'b1000000-0000-4000-8000-000000000002', 'a1000000-0000-4000-8000-000000000022',
   'organisations/a1000000-0000-4000-8000-000000000022/contacts/a5000000-0000-4000-8000-000000000034', 'organisations/a1000000-0000-4000-8000-000000000022/contacts/a5000000-0000-4000-8000-000000000035',
   4, '2019-08-15', '2019-12-20', 18, '', 0, '', '2019-04-01 09:00+00', '2019-08-19 09:00+00', '2019-12-13 15:00+00', NULL, '2019-03-11 10:00+00', '2019-12-13 15:00+00'),
  ('b3000000-0000-4000-8000-000000000006', 'a3000000-0000-4000-8000-000000000005', 'a1000000-0000-4000-8000-000000000018', 'b1000000-0000-4000-8000-000000000001', 'a1000000-0000-4000-8000-000000000022',
   'organisations/a1000000-0000-4000-8000-000000000022/contacts/a5000000-0000-4000-8000-000000000034', 'organisations/a1000000-0000-4000-8000-000000000022/contacts/a5000000-0000-4000-8000-000000000035',
   3, '2021-03-01', NULL, 50, '', 0, '', '2021-02-08 09:00+00', '2021-03-01 09:00+00', NULL, NULL, '2021-02-01 10:00+00', '2021-03-01 09:00+00'),
  -- Arbetsmiljöverket: Fånga tidiga tecken delivered; Kollektiv förmåga requested.
  ('b3000000-0000-4000-8000-000000000007', 'a3000000-0000-4000-8000-000000000005', 'a1000000-0000-4000-8000-000000000018', 'b1000000-0000-4000-8000-000000000003', 'a1000000-0000-4000-8000-000000000013',
   'organisations/a1000000-0000-4000-8000-000000000013/contacts/a5000000-0000-4000-8000-000000000036', 'organisations/a1000000-0000-4000-8000-000000000013/contacts/a5000000-0000-4000-8000-000000000037',
   4, '2019-09-01', '2019-11-30', 22, '', 0, '', '2019-06-10 09:00+00', '2019-09-02 09:00+00', '2019-10-25 15:00+00', NULL, '2019-06-03 10:00+00', '2019-10-25 15:00+00'),
  ('b3000000-0000-4000-8000-000000000008', 'a3000000-0000-4000-8000-000000000005', 'a1000000-0000-4000-8000-000000000018', 'b1000000-0000-4000-8000-000000000005', 'a1000000-0000-4000-8000-000000000013',
   'organisations/a1000000-0000-4000-8000-000000000013/contacts/a5000000-0000-4000-8000-000000000036', 'organisations/a1000000-0000-4000-8000-000000000013/contacts/a5000000-0000-4000-8000-000000000037',
   1, '2021-09-23', NULL, 15, 'Första omgången, start 23 september.', 0, '', NULL, NULL, NULL, NULL, '2021-05-17 10:00+00', '2021-05-17 10:00+00')
ON CONFLICT (id) DO NOTHING;

-- Delivery occasions: five delivered orders at eight occasions; the order being delivered has
-- had one. format: 1 on site, 2 digital, 3 hybrid.
INSERT INTO deliveries (id, order_id, delivery_date, participant_count, format, note) VALUES
  ('b4000000-0000-4000-8000-000000000001', 'b3000000-0000-4000-8000-000000000001', '2018-09-12', 14, 1, 'Införande, huvudkontoret'),
  ('b4000000-0000-4000-8000-000000000002', 'b3000000-0000-4000-8000-000000000001', '2018-11-07', 19, 1, 'Uppföljning'),
  ('b4000000-0000-4000-8000-000000000003', 'b3000000-0000-4000-8000-000000000002', '2019-03-05', 24, 1, ''),
  ('b4000000-0000-4000-8000-000000000004', 'b3000000-0000-4000-8000-000000000003', '2018-10-16', 16, 1, ''),
  ('b4000000-0000-4000-8000-000000000005', 'b3000000-0000-4000-8000-000000000003', '2018-11-20', 13, 1, ''),
  ('b4000000-0000-4000-8000-000000000006', 'b3000000-0000-4000-8000-000000000005', '2019-09-10', 9, 1, ''),
  ('b4000000-0000-4000-8000-000000000007', 'b3000000-0000-4000-8000-000000000005', '2019-11-12', 9, 1, ''),
  ('b4000000-0000-4000-8000-000000000008', 'b3000000-0000-4000-8000-000000000007', '2019-10-08', 21, 1, ''),
  ('b4000000-0000-4000-8000-000000000009', 'b3000000-0000-4000-8000-000000000006', '2021-03-16', 26, 2, 'Webbinarium')
ON CONFLICT (id) DO NOTHING;
