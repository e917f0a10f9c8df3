// A rehab watch's transitions (Activate, Close, Escalate) take the employee's early-signal lock
// (rehab_watch_trigger.h LockEmployeeSignals) before the watch row, in CreateAbsenceSpell's
// order, so a spell recorded meanwhile has either counted towards the watch before the
// transition or sees the watch in its new state, and never links to a watch that is closing.
#include <chrono>
#include <functional>
#include <thread>

#include "services/cases/case_validation.h"
#include "services/cases/rehab_watch_trigger.h"
#include "services/cases/test/case_service_fixture.h"

namespace collab::cases {
namespace {

class EarlySignalsLockTest : public CaseServiceTest {
 protected:
  // Three one-day spells of person `n` within six months: an OPEN watch; its name.
  static std::string OpenWatch(int n) {
    std::string watch;
    for (int days_ago : {150, 90, 20}) {
      const absl::CivilDay day = SwedishToday() - days_ago;
      watch = RecordSpell(n, day, day).rehab_watch();
    }
    EXPECT_FALSE(watch.empty());
    return watch;
  }

  // Sessions of the test database waiting for an advisory lock.
  static constexpr char kWaiting[] =
      "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
      "AND wait_event_type = 'Lock' AND wait_event = 'advisory'";
  // kWaiting, polled until there is one (at most 5 s).
  static int64_t WaitingForAdvisoryLock() {
    for (int tries = 0; tries < 200 && Count(kWaiting) < 1; ++tries) {
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    return Count(kWaiting);
  }

  // Runs `transition` on another thread while this test holds the early-signal lock of the
  // employee of `watch` (as a CreateAbsenceSpell under way would): the transition must wait for
  // it, the watch still `before` meanwhile, and go through once the lock is released.
  static void ExpectWaitsForSignalLock(const std::string& watch, v1::RehabWatchState before,
                                       const std::function<grpc::Status()>& transition) {
    auto holder = Superuser();
    pqxx::work hold(*holder);
    const pqxx::row r = hold.exec1(
        "SELECT employer_id::text, identity_hash FROM cases.rehab_watches WHERE id = '" +
        IdOf(watch) + "'");
    LockEmployeeSignals(hold, r[0].c_str(), pqxx::binarystring(r[1]).str());
    grpc::Status result;
    std::thread t([&] { result = transition(); });
    EXPECT_EQ(WaitingForAdvisoryLock(), 1);
    EXPECT_EQ(GetWatch(watch).state(), before);
    hold.commit();
    t.join();
    EXPECT_TRUE(result.ok()) << result.error_message();
    EXPECT_EQ(Count(kWaiting), 0);
  }
};

TEST_F(EarlySignalsLockTest, ActivateAndCloseWaitForTheEmployeesSignalLock) {
  const std::string name = OpenWatch(701);
  ExpectWaitsForSignalLock(name, v1::REHAB_WATCH_STATE_OPEN, [&] {
    v1::ActivateRehabWatchRequest req;
    req.set_name(name);
    v1::RehabWatch out;
    return stub_->ActivateRehabWatch(Ctx(Hr()).get(), req, &out);
  });
  EXPECT_EQ(GetWatch(name).state(), v1::REHAB_WATCH_STATE_ACTIVE);
  ExpectWaitsForSignalLock(name, v1::REHAB_WATCH_STATE_ACTIVE, [&] {
    v1::CloseRehabWatchRequest req;
    req.set_name(name);
    v1::RehabWatch out;
    return stub_->CloseRehabWatch(Ctx(Hr()).get(), req, &out);
  });
  EXPECT_EQ(GetWatch(name).state(), v1::REHAB_WATCH_STATE_CLOSED);
}

TEST_F(EarlySignalsLockTest, EscalateWaitsForTheEmployeesSignalLock) {
  const std::string name = OpenWatch(702);
  const v1::Case c = Create(SampleCase(702));  // the same employee at the same employer
  ExpectWaitsForSignalLock(name, v1::REHAB_WATCH_STATE_OPEN, [&] {
    v1::EscalateRehabWatchRequest req;
    req.set_name(name);
    req.set_case_name(c.name());
    v1::RehabWatch out;
    return stub_->EscalateRehabWatch(Ctx(Hr()).get(), req, &out);
  });
  EXPECT_EQ(GetWatch(name).state(), v1::REHAB_WATCH_STATE_ESCALATED);
}

}  // namespace
}  // namespace collab::cases
