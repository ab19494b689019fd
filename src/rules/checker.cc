#include "src/rules/checker.h"

namespace coderules::internal {

void SetRule(const RulePack& pack, uint16_t source, std::string key, v1::Finding* finding) {
  const v1::PackSource& s = pack.info().sources(source);
  v1::RuleRef* rule = finding->mutable_rule();
  rule->set_source(s.name());
  rule->set_version(s.version());
  rule->set_key(std::move(key));
}

}  // namespace coderules::internal
