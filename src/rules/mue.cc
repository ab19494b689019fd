// NCCI medically unlikely edits.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "src/pack/pack_format.h"
#include "src/rules/checker.h"

namespace coderules::internal {
namespace {

// The row in effect on `day`; should windows overlap, the lower value decides.
const MueRow* InEffect(absl::Span<const MueRow> rows, Day day) {
  const MueRow* found = nullptr;
  for (const MueRow& row : rows) {
    if (InWindow(day, row.effective, row.end) && (found == nullptr || row.value < found->value)) {
      found = &row;
    }
  }
  return found;
}

class MueChecker : public Checker {
 public:
  void Check(const RulePack& pack, ClaimView& view, v1::CheckResult* result) const override {
    const bool facility = view.type == v1::Claim::OUTPATIENT_FACILITY;
    if (view.type != v1::Claim::PROFESSIONAL && !facility) return;
    const absl::Span<const MueRow> table = pack.tables().mue[facility ? 1 : 0];
    if (table.empty()) return;
    for (size_t a = 0; a < view.claim_lines; ++a) {
      LineView& line = view.lines[a];
      if (!line.usable || line.entry == nullptr) continue;
      const MueRow* row = InEffect(RowsOf(table, line.entry->mue[facility ? 1 : 0]), line.dos);
      if (row == nullptr) continue;
      if (row->mai == 1) {
        if (line.units > row->value) {
          Report(pack, *row, line, line.units, {}, false, result);
          line.denied = true;
        }
        continue;
      }
      // Date-of-service edits: every unit of the code that day, on any line or earlier claim.
      double total = line.units;
      std::vector<const LineView*> others;
      bool earlier_claims = false;
      for (const LineView& other : view.lines) {
        if (!SameDayPartner(line, other) || other.code != line.code) continue;
        total += other.units;
        if (other.history) {
          earlier_claims = true;
        } else {
          others.push_back(&other);
        }
      }
      if (total > row->value) {
        Report(pack, *row, line, total, others, earlier_claims, result);
        line.denied = true;
      }
    }
  }

 private:
  static void Report(const RulePack& pack, const MueRow& row, const LineView& line, double units,
                     const std::vector<const LineView*>& others, bool earlier_claims,
                     v1::CheckResult* result) {
    const std::string code = ProcedureCodeText(line.code);
    v1::Finding* f = AddFinding(result, "NCCI_MUE", v1::Finding::DENY_LINE);
    f->add_lines(line.number);
    for (const LineView* other : others) f->add_lines(other->number);
    f->add_codes(code);
    const std::string& rationale = pack.info().rationales(row.rationale);
    const std::string because =
        rationale.empty() ? std::string() : absl::StrCat(" Rationale: ", rationale, ".");
    std::string reported;
    if (row.mai == 1) {
      reported = absl::StrCat("Line ", line.number, " reports ", line.units, " units of ", code);
    } else {
      std::vector<std::string> where = {absl::StrCat("line ", line.number)};
      for (const LineView* other : others) where.push_back(absl::StrCat("line ", other->number));
      if (earlier_claims) where.push_back("earlier claims");
      reported = absl::StrCat(code, " totals ", units, " units on line ", line.number,
                              "'s date of service (", absl::StrJoin(where, ", "), ")");
    }
    if (row.value == 0) {
      f->set_message(absl::StrCat(
          reported, ", but its medically unlikely edit value is 0 (MAI ", row.mai,
          "): the code is not payable on this claim type (invalid, not covered, bundled or not "
          "separately payable).",
          because));
      f->set_fix(absl::StrCat("Remove ", code, " from line ", line.number,
                              "; no number of units is payable."));
    } else if (row.mai == 1) {
      f->set_message(absl::StrCat(
          reported, "; the medically unlikely edit allows ", row.value,
          " per line (MAI 1, line edit), so all units on the line are denied.", because));
      f->set_fix(absl::StrCat(
          "Report at most ", row.value, " units of ", code,
          " on one line. If more were medically necessary (another site, session or repeat), "
          "report them on separate lines with the anatomic modifier or 59, XE, XS, XP, XU, 76, "
          "77 or 91 that documents why."));
    } else if (row.mai == 2) {
      f->set_message(absl::StrCat(
          reported, "; the medically unlikely edit allows ", row.value,
          " per day (MAI 2, date-of-service edit: policy), so all units of ", code,
          " that day are denied. MAI 2 limits rest on policy and cannot be appealed.", because));
      f->set_fix(absl::StrCat("Report no more than ", row.value, " units of ", code,
                              " for the day in total; no modifier or appeal overrides MAI 2."));
    } else {
      f->set_message(absl::StrCat(
          reported, "; the medically unlikely edit allows ", row.value,
          " per day (MAI 3, date-of-service edit: clinical), so all units of ", code,
          " that day are denied. MAI 3 denials can be appealed with documentation of medical "
          "necessity.",
          because));
      f->set_fix(absl::StrCat("Report no more than ", row.value, " units of ", code,
                              " for the day, or, if more were medically necessary, appeal the "
                              "denial with the supporting documentation."));
    }
    std::string key = code;
    if (row.effective != kBeginning) absl::StrAppend(&key, ",", FormatIsoDate(row.effective));
    SetRule(pack, row.source, std::move(key), f);
  }
};

}  // namespace

std::unique_ptr<Checker> NewMueChecker() { return std::make_unique<MueChecker>(); }

}  // namespace coderules::internal
