#ifndef CODERULES_SRC_RULES_CHECKER_H_
#define CODERULES_SRC_RULES_CHECKER_H_

#include <memory>

#include "coderules/rule_pack.h"
#include "coderules/v1/result.pb.h"
#include "src/rules/claim_view.h"

namespace coderules::internal {

// One edit family. The engine runs the checkers in a fixed order over one ClaimView; a checker
// marks the lines it denies so that later families (add-on primaries) can see them.
class Checker {
 public:
  virtual ~Checker() = default;
  virtual void Check(const RulePack& pack, ClaimView& view, v1::CheckResult* result) const = 0;
};

std::unique_ptr<Checker> NewProcedureCodeChecker();
std::unique_ptr<Checker> NewDiagnosisChecker();
std::unique_ptr<Checker> NewPtpChecker();
std::unique_ptr<Checker> NewMueChecker();
std::unique_ptr<Checker> NewAddOnChecker();

// Provenance of a pack row: the source's name and version, and the row's key.
void SetRule(const RulePack& pack, uint16_t source, std::string key, v1::Finding* finding);

}  // namespace coderules::internal

#endif  // CODERULES_SRC_RULES_CHECKER_H_
