// NCCI add-on code edits: an add-on code is paid only with an eligible primary code.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "src/pack/pack_format.h"
#include "src/rules/checker.h"

namespace coderules::internal {
namespace {

// A row of an add-on code in effect on a line's date.
struct Edit {
  const AddOnRow* row;
  ProcedureKey primary;  // or kContractorPrimary

  // Rows of type 2, and rows whose primaries the contractor defines, list no primary code.
  bool ListsPrimary() const { return row->type != 2 && primary != kContractorPrimary; }
};

struct Candidate {
  LineView* line;
  std::vector<Edit> edits;
  bool listed = false;   // some row lists a primary code
  bool missing = false;  // no listed primary is present and payable
};

class AddOnChecker : public Checker {
 public:
  void Check(const RulePack& pack, ClaimView& view, v1::CheckResult* result) const override {
    if (view.type != v1::Claim::PROFESSIONAL && view.type != v1::Claim::OUTPATIENT_FACILITY) {
      return;
    }
    const PackTables& tables = pack.tables();
    if (tables.add_on.empty()) return;
    std::vector<Candidate> candidates;
    for (size_t a = 0; a < view.claim_lines; ++a) {
      LineView& line = view.lines[a];
      if (!line.usable || line.entry == nullptr || line.entry->add_on.empty()) continue;
      const Range range = line.entry->add_on;
      Candidate c{&line, {}};
      for (uint32_t i = range.begin; i < range.end(); ++i) {
        const Edit edit{&tables.add_on[i], tables.add_on_primary[i]};
        if (!InWindow(line.dos, edit.row->effective, edit.row->end)) continue;
        c.edits.push_back(edit);
        c.listed = c.listed || edit.ListsPrimary();
      }
      if (!c.edits.empty()) candidates.push_back(std::move(c));
    }
    // A primary that is itself denied does not count, and an add-on denied here may be another
    // add-on's primary: repeat until no more lines are denied.
    for (bool changed = true; changed;) {
      changed = false;
      for (Candidate& c : candidates) {
        if (!c.listed || c.missing || HasPrimary(view, c)) continue;
        c.missing = true;
        c.line->denied = true;
        changed = true;
      }
    }
    for (const Candidate& c : candidates) {
      if (c.missing) {
        ReportMissing(pack, view, c, result);
      } else if (!c.listed) {
        ReportContractorDefined(pack, c, result);
      }
    }
  }

 private:
  static bool HasPrimary(const ClaimView& view, const Candidate& c) {
    for (const Edit& edit : c.edits) {
      if (!edit.ListsPrimary()) continue;
      for (const LineView& other : view.lines) {
        if (other.code == edit.primary && !other.denied && SameDayPartner(*c.line, other)) {
          return true;
        }
      }
    }
    return false;
  }

  static void ReportMissing(const RulePack& pack, const ClaimView& view, const Candidate& c,
                            v1::CheckResult* result) {
    const LineView& line = *c.line;
    const std::string code = ProcedureCodeText(line.code);
    std::vector<std::string> primaries;
    std::vector<std::string> denied;
    const AddOnRow* first = nullptr;
    for (const Edit& edit : c.edits) {
      if (!edit.ListsPrimary()) continue;
      if (first == nullptr) first = edit.row;
      primaries.push_back(ProcedureCodeText(edit.primary));
      for (const LineView& other : view.lines) {
        if (other.code == edit.primary && other.denied && SameDayPartner(line, other)) {
          denied.push_back(absl::StrCat(DescribeLine(other), " (", primaries.back(), ")"));
        }
      }
    }
    v1::Finding* f = AddFinding(result, "ADDON_NO_PRIMARY", v1::Finding::DENY_LINE);
    f->add_lines(line.number);
    f->add_codes(code);
    std::string message = absl::StrCat(
        "Line ", line.number, ": ", code, " is an add-on code (type ", first->type,
        ") and none of its primary codes is billed and payable on the same date of service by the "
        "same provider; an add-on code is never paid alone.");
    if (!denied.empty()) {
      absl::StrAppend(&message, " The primary on ", absl::StrJoin(denied, ", "),
                      " is itself denied.");
    }
    f->set_message(std::move(message));
    constexpr size_t kListed = 12;
    std::string list = absl::StrJoin(primaries.begin(),
                                     primaries.begin() + std::min(primaries.size(), kListed), ", ");
    if (primaries.size() > kListed) {
      absl::StrAppend(&list, " and ", primaries.size() - kListed, " more");
    }
    f->set_fix(absl::StrCat("Bill ", code, " with the primary procedure it adds to, one of: ", list,
                            ", on the same date of service; or remove line ", line.number, "."));
    SetRule(pack, first->source, code, f);
  }

  static void ReportContractorDefined(const RulePack& pack, const Candidate& c,
                                      v1::CheckResult* result) {
    const std::string code = ProcedureCodeText(c.line->code);
    v1::Finding* f = AddFinding(result, "ADDON_NO_PRIMARY", v1::Finding::REVIEW);
    f->add_lines(c.line->number);
    f->add_codes(code);
    f->set_message(absl::StrCat(
        "Line ", c.line->number, ": ", code,
        " is a type 2 add-on code: CMS lists no primary codes for it, and the contractor decides "
        "which primary procedures it may be billed with."));
    f->set_fix(absl::StrCat("Make sure the primary procedure that ", code,
                            " adds to is billed on the same date of service and is one the "
                            "payer's policy accepts."));
    SetRule(pack, c.edits.front().row->source, code, f);
  }
};

}  // namespace

std::unique_ptr<Checker> NewAddOnChecker() { return std::make_unique<AddOnChecker>(); }

}  // namespace coderules::internal
