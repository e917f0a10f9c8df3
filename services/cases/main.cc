// collab-cases: return-to-work cases, sick-leave periods, milestones, plans, consent, audit.
// Flags beyond the common ones: --identity_key / --identity_key_file, --lookup_key /
// --lookup_key_file (keys.h), --organisations_backend (employer_directory.h),
// --milestone_sweep_interval (milestone_sweeper.h), --retention_sweep_interval and
// --retention_years (retention_sweeper.h).
#include <cstdlib>

#include "libs/common/logging.h"
#include "libs/events/outbox_event_feed.h"
#include "libs/rpc/service_main.h"
#include "services/cases/case_service.h"
#include "services/cases/milestone_sweeper.h"
#include "services/cases/retention_sweeper.h"

namespace {

struct Cases {
  Cases(collab::rpc::ServiceParts& parts, collab::cases::CaseKeys keys)
      : employers(collab::cases::EmployerDirectory::BackendFromFlags(),
                  *collab::auth::PrincipalSigner::Create(parts.internal_key)),
        service(parts.pool, parts.handler, collab::PageTokenCodec(parts.internal_key),
                std::move(keys), employers),
        feed(parts.pool, *collab::auth::PrincipalSigner::Create(parts.internal_key),
             {.source_service = "cases", .aggregate_collection = "cases"}),
        sweeper(parts.pool, collab::cases::MilestoneSweeper::IntervalFromFlags()),
        retention(parts.pool, collab::cases::RetentionSweeper::IntervalFromFlags(),
                  collab::cases::RetentionSweeper::YearsFromFlags()) {}
  collab::cases::EmployerDirectory employers;
  collab::cases::CaseServiceImpl service;
  collab::events::OutboxEventFeed feed;
  collab::cases::MilestoneSweeper sweeper;  // MilestoneMissed (milestone_refresh.h)
  collab::cases::RetentionSweeper retention;  // gallring (RA-FS 2020:1)
};

}  // namespace

int main(int argc, char** argv) {
  return collab::rpc::RunServiceMain(
      argc, argv,
      {.name = "cases",
       .default_listen = "127.0.0.1:7102",
       .prepare_statements = collab::cases::CaseServiceImpl::PrepareStatements,
       .build = [](collab::rpc::ServiceParts& parts) {
         auto keys = collab::cases::LoadCaseKeys();
         if (!keys.ok()) {
           collab::log::Error("no case keys", {{"error", std::string(keys.status().message())}});
           std::exit(1);
         }
         auto owner = std::make_shared<Cases>(parts, *std::move(keys));
         return collab::rpc::BuiltServices{{&owner->service, &owner->feed}, owner};
       }});
}
