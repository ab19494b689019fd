#ifndef CODERULES_TESTS_RULES_ENGINE_FIXTURE_H_
#define CODERULES_TESTS_RULES_ENGINE_FIXTURE_H_

#include <memory>
#include <string>
#include <vector>

#include "coderules/engine.h"
#include "gtest/gtest.h"
#include "tests/test_util.h"

namespace coderules::testing {

// One service line, in the shape tests write them.
struct L {
  std::string code;
  std::string dos = "2022-06-15";
  double units = 1;
  std::vector<std::string> modifiers = {};
  std::string provider = "";
  int number = 0;
};

inline v1::ServiceLine ToLine(const L& l) {
  v1::ServiceLine line;
  line.set_code(l.code);
  line.set_date_of_service(l.dos);
  line.set_units(l.units);
  for (const std::string& m : l.modifiers) line.add_modifiers(m);
  line.set_rendering_provider(l.provider);
  line.set_number(l.number);
  return line;
}

inline v1::Claim MakeClaim(const std::vector<L>& lines,
                           v1::Claim::Type type = v1::Claim::PROFESSIONAL) {
  v1::Claim claim;
  claim.set_id("test-claim");
  claim.set_type(type);
  for (const L& l : lines) *claim.add_lines() = ToLine(l);
  return claim;
}

inline v1::History MakeHistory(const std::vector<L>& lines) {
  v1::History history;
  for (const L& l : lines) *history.add_lines() = ToLine(l);
  return history;
}

// The findings of one edit, in order.
inline std::vector<v1::Finding> Of(const v1::CheckResult& result, const std::string& edit) {
  std::vector<v1::Finding> out;
  for (const v1::Finding& f : result.findings()) {
    if (f.edit() == edit) out.push_back(f);
  }
  return out;
}

inline std::vector<int> Lines(const v1::Finding& f) {
  return std::vector<int>(f.lines().begin(), f.lines().end());
}
inline std::vector<std::string> Codes(const v1::Finding& f) {
  return std::vector<std::string>(f.codes().begin(), f.codes().end());
}

class EngineTest : public ::testing::Test {
 protected:
  void Use(const std::string& rules, EngineOptions options = {}) {
    pack_ = PackFromRules(rules);
    ASSERT_NE(pack_, nullptr);
    absl::StatusOr<std::unique_ptr<Engine>> engine = Engine::Create(pack_, options);
    ASSERT_TRUE(engine.ok()) << engine.status();
    engine_ = *std::move(engine);
  }
  v1::CheckResult Check(const std::vector<L>& lines, v1::Claim::Type type = v1::Claim::PROFESSIONAL,
                        const v1::History* history = nullptr) {
    return engine_->Check(MakeClaim(lines, type), history);
  }

  std::shared_ptr<const RulePack> pack_;
  std::unique_ptr<Engine> engine_;
};

}  // namespace coderules::testing

#endif  // CODERULES_TESTS_RULES_ENGINE_FIXTURE_H_
