-- Demo data for `make run`: the KUPO project of the seed application (../shared/seeds/003_…,
-- domain.md "Funding"), owned by Försäkringskassan (FK SF Värmland) and managed by the demo
-- project manager, with its phases, its five budget lines (bases as the application states them,
-- slips included), its six commitments (860 000 kr), every funder's approval, and a few booked
-- entries so GetBudgetStatus has something to show. Ids are fixed; re-running the file changes
-- nothing (ON CONFLICT DO NOTHING). Loaded as the database owner, so no outbox events are
-- written: demo rows are a starting state, not changes.
SET search_path TO funding;

-- FK (owner, in-kind funder) a1…01; coordination associations Arvika-Eda …09, Fryksdalen …10,
-- Klarälvdalen …11, Samspelet …12 (deploy/demo/organisations.sql); the KUPO network a3…06.
INSERT INTO projects (id, display_name, description, owner_organisation_id, project_manager,
                      start_date, end_date, status, currency_code, network_id,
                      submit_time, approve_time, activate_time) VALUES
  ('a6000000-0000-4000-8000-000000000001', 'KUPO',
   'Kunskap och utveckling för offentliga arbetsgivare i Värmland: tidiga insatser mot stressrelaterad ohälsa',
   'a1000000-0000-4000-8000-000000000001', 'demo-projektledare', '2016-05-01', '2017-01-31',
   4, 'SEK', 'a3000000-0000-4000-8000-000000000006',
   '2016-03-15 10:00+01', '2016-04-20 10:00+02', '2016-05-01 08:00+02')
ON CONFLICT (id) DO NOTHING;

INSERT INTO project_approvals (project_id, funder_id, approve_time, approved_by, decision_reference) VALUES
  ('a6000000-0000-4000-8000-000000000001', 'a1000000-0000-4000-8000-000000000009', '2016-04-05 10:00+02', 'demo-arvika-eda', 'SF AE 2016/7'),
  ('a6000000-0000-4000-8000-000000000001', 'a1000000-0000-4000-8000-000000000010', '2016-04-07 10:00+02', 'demo-fryksdalen', 'SF F 2016/3'),
  ('a6000000-0000-4000-8000-000000000001', 'a1000000-0000-4000-8000-000000000011', '2016-04-12 10:00+02', 'demo-klaralvdalen', 'SF K 2016/11'),
  ('a6000000-0000-4000-8000-000000000001', 'a1000000-0000-4000-8000-000000000012', '2016-04-18 10:00+02', 'demo-samspelet', 'Samspelet 2016/5'),
  ('a6000000-0000-4000-8000-000000000001', 'a1000000-0000-4000-8000-000000000001', '2016-04-20 10:00+02', 'demo-fk', 'FK 2016/000123')
ON CONFLICT DO NOTHING;

-- "1 maj – 31 sept" does not exist; entered as 1 September, so phases 1 and 2 overlap on that
-- day as in the application. The follow-up six months after the last intervention falls after
-- the project period and is not a phase of it.
INSERT INTO phases (id, project_id, display_name, ordinal, start_date, end_date, expected_results, report_due_date) VALUES
  ('a6100000-0000-4000-8000-000000000001', 'a6000000-0000-4000-8000-000000000001',
   'Behovsinventering och metodutveckling', 1, '2016-05-01', '2016-09-01',
   '{"Kartlagda behov hos deltagande arbetsgivare","Utvecklad metod för chefsstöd"}', '2016-09-30'),
  ('a6100000-0000-4000-8000-000000000002', 'a6000000-0000-4000-8000-000000000001',
   'Insatser', 2, '2016-09-01', '2016-12-31',
   '{"Utbildning av chefer i att fånga tidiga tecken"}', '2017-01-15'),
  ('a6100000-0000-4000-8000-000000000003', 'a6000000-0000-4000-8000-000000000001',
   'Uppföljning och utvärdering', 3, '2017-01-01', '2017-01-31',
   '{"Slutrapport till finansiärerna"}', '2017-02-28')
ON CONFLICT (id) DO NOTHING;

-- basis: a serialized collab.funding.v1.BudgetLine holding only the basis (protoc --encode):
--   project management: quantity_price { factors { value: "8" unit: "months" }
--                                        unit_price { SEK 41 000,00 } }
--   working group: parts { 3 h × 12 weeks × 5 persons "180"; 4 × 12 × 2 "96"; 3 × 4 × 5 "135";
--                          2 × 10 "20"; unit_price SEK 328,00; stated_total_quantity "431" }
INSERT INTO budget_lines (id, project_id, category, description, basis, entered_minor) VALUES
  ('a6200000-0000-4000-8000-000000000001', 'a6000000-0000-4000-8000-000000000001', 1,
   'Projektledning 60 %, 8 månader à 41 000 kr',
   decode('2a190a0b0a013812066d6f6e746873120a0a0353454b10a09ffa01', 'hex'), 40000000),
  ('a6200000-0000-4000-8000-000000000002', 'a6000000-0000-4000-8000-000000000001', 2,
   'Arbetsgrupp, 431 timmar à 328 kr',
   decode('32d7010a370a0d4c65646e696e6773677275707012060a0133120168120b0a02313212057765656b73120c0a01351207706572736f6e731a033138300a340a0b417262657473677275707012060a0134120168120b0a02313212057765656b73120c0a01321207706572736f6e731a0239360a2d0a045570706612060a0133120168120a0a013412057765656b73120c0a01351207706572736f6e731a033133350a270a0a4176736c75746e696e6712060a0132120168120d0a0231301207706572736f6e731a02323012090a0353454b10a080021a03343331', 'hex'),
   14000000),
  ('a6200000-0000-4000-8000-000000000003', 'a6000000-0000-4000-8000-000000000001', 3,
   'Konferens / utbildning', '', 21000000),
  ('a6200000-0000-4000-8000-000000000004', 'a6000000-0000-4000-8000-000000000001', 4,
   'Resor (uppskattning)', '', 1000000),
  ('a6200000-0000-4000-8000-000000000005', 'a6000000-0000-4000-8000-000000000001', 5,
   'Material / tryck / film', '', 10000000)
ON CONFLICT (id) DO NOTHING;

INSERT INTO funding_commitments (id, project_id, funder_id, kind, amount_minor, in_kind_hours,
                                 in_kind_rate_minor, in_kind_description, conditions) VALUES
  ('a6300000-0000-4000-8000-000000000001', 'a6000000-0000-4000-8000-000000000001',
   'a1000000-0000-4000-8000-000000000009', 1, 19000000, NULL, NULL, '', '{"Rapport efter varje fas"}'),
  ('a6300000-0000-4000-8000-000000000002', 'a6000000-0000-4000-8000-000000000001',
   'a1000000-0000-4000-8000-000000000010', 1, 12000000, NULL, NULL, '', '{"Rapport efter varje fas"}'),
  ('a6300000-0000-4000-8000-000000000003', 'a6000000-0000-4000-8000-000000000001',
   'a1000000-0000-4000-8000-000000000011', 1, 11000000, NULL, NULL, '', '{"Rapport efter varje fas"}'),
  ('a6300000-0000-4000-8000-000000000004', 'a6000000-0000-4000-8000-000000000001',
   'a1000000-0000-4000-8000-000000000012', 1, 20000000, NULL, NULL, '', '{"Rapport efter varje fas"}'),
  -- FK SF Värmland: 15 % of the project manager's working time, in kind.
  ('a6300000-0000-4000-8000-000000000005', 'a6000000-0000-4000-8000-000000000001',
   'a1000000-0000-4000-8000-000000000001', 2, 10000000, NULL, NULL,
   '15 % arbetstid, projektledare', '{}'),
  -- All parties' working-group time, recorded by the owner: 431 h × 328 kr = 141 368 kr against
  -- the 140 000 kr entered (flagged, not replaced).
  ('a6300000-0000-4000-8000-000000000006', 'a6000000-0000-4000-8000-000000000001',
   'a1000000-0000-4000-8000-000000000001', 2, 14000000, 431, 32800,
   'Arbetsgruppens tid, alla parter', '{}')
ON CONFLICT (id) DO NOTHING;

INSERT INTO ledger_entries (id, project_id, budget_line_id, booking_date, amount_minor, kind,
                            in_kind_hours, in_kind_rate_minor, funder_id, voucher_reference,
                            time_report_reference, description, booked_by) VALUES
  ('a6400000-0000-4000-8000-000000000001', 'a6000000-0000-4000-8000-000000000001',
   'a6200000-0000-4000-8000-000000000001', '2016-06-30', 3280000, 2, 100, 32800,
   'a1000000-0000-4000-8000-000000000001', '', 'TR-2016-06', 'Projektledning maj–juni', 'demo-projektledare'),
  ('a6400000-0000-4000-8000-000000000002', 'a6000000-0000-4000-8000-000000000001',
   'a6200000-0000-4000-8000-000000000003', '2016-09-20', 6200000, 1, NULL, NULL,
   NULL, 'V-2016-0412', '', 'Konferens Fånga tidiga tecken', 'demo-projektledare'),
  ('a6400000-0000-4000-8000-000000000003', 'a6000000-0000-4000-8000-000000000001',
   'a6200000-0000-4000-8000-000000000004', '2016-10-05', 425000, 1, NULL, NULL,
   NULL, 'V-2016-0533', '', 'Resor till arbetsgivarträffar', 'demo-projektledare'),
  ('a6400000-0000-4000-8000-000000000004', 'a6000000-0000-4000-8000-000000000001',
   'a6200000-0000-4000-8000-000000000002', '2016-10-31', 3936000, 2, 120, 32800,
   'a1000000-0000-4000-8000-000000000001', '', 'TR-2016-10', 'Arbetsgruppen sept–okt', 'demo-projektledare'),
  ('a6400000-0000-4000-8000-000000000005', 'a6000000-0000-4000-8000-000000000001',
   'a6200000-0000-4000-8000-000000000005', '2016-11-15', 3800000, 1, NULL, NULL,
   NULL, 'V-2016-0610', '', 'Film och tryck', 'demo-projektledare')
ON CONFLICT (id) DO NOTHING;

-- The running totals of those entries (the service keeps them per entry; here they are built
-- once from the demo entries and left alone on re-runs).
INSERT INTO ledger_totals (project_id, budget_line_id, funder_id, kind, booking_date, spent_minor, entry_count)
SELECT project_id, budget_line_id,
       coalesce(funder_id, '00000000-0000-0000-0000-000000000000'), kind, booking_date,
       sum(amount_minor), count(*)
FROM ledger_entries WHERE project_id = 'a6000000-0000-4000-8000-000000000001'
  AND id::text LIKE 'a6400000-%'
GROUP BY 1, 2, 3, 4, 5
ON CONFLICT DO NOTHING;
