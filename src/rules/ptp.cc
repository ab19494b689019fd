// NCCI procedure-to-procedure edits.
#include <algorithm>
#include <string>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "src/pack/pack_format.h"
#include "src/rules/checker.h"

namespace coderules::internal {
namespace {

constexpr char kBypassFix[] =
    "append the most specific NCCI-associated modifier to either line: XE, XS, XP or XU (59 only "
    "when no X modifier fits), an anatomic modifier (E1-E4, FA, F1-F9, TA, T1-T9, LT, RT, LC, LD, "
    "RC, LM, RI), or 24, 25, 57, 58, 78, 79, 27 or 91 where they apply.";

int Restrictiveness(uint8_t indicator) { return indicator == 0 ? 2 : indicator == 1 ? 1 : 0; }

// The row in effect on `day`. Rows of a pair have disjoint windows; should two overlap, the more
// restrictive indicator decides (0 before 1 before 9).
const PtpRow* InEffect(absl::Span<const PtpRow> rows, Day day) {
  const PtpRow* found = nullptr;
  for (const PtpRow& row : rows) {
    if (InWindow(day, row.effective, row.deletion) &&
        (found == nullptr || Restrictiveness(row.indicator) > Restrictiveness(found->indicator))) {
      found = &row;
    }
  }
  return found;
}

struct Hit {
  ProcedureKey column1 = 0;
  const PtpRow* row = nullptr;
  absl::InlinedVector<const LineView*, 2> partners;
};

// The column-1 codes of `partners` (a sorted run of subkeys) that are among `codes` (sorted,
// distinct). A short run is merged, streaming through memory; a long one (some codes are column 2
// to thousands of others) is searched, after the filter rules out most absent pairs.
void Intersect(const PtpTable& table, ProcedureKey column2, Range partners,
               absl::Span<const ProcedureKey> codes, absl::InlinedVector<ProcedureKey, 4>* out) {
  const uint32_t* first = table.column1.data() + partners.begin;
  const uint32_t* last = first + partners.count;
  if (static_cast<size_t>(last - first) <= 16 * codes.size()) {
    const ProcedureKey* c = codes.data();
    const ProcedureKey* c_end = c + codes.size();
    while (first != last && c != c_end) {
      if (*first < *c) {
        ++first;
      } else if (*c < *first) {
        ++c;
      } else {
        out->push_back(*c++);
      }
    }
    return;
  }
  for (ProcedureKey code : codes) {
    if (table.MayPair(column2, code) && std::binary_search(first, last, code)) {
      out->push_back(code);
    }
  }
}

class PtpChecker : public Checker {
 public:
  void Check(const RulePack& pack, ClaimView& view, v1::CheckResult* result) const override {
    const bool facility = view.type == v1::Claim::OUTPATIENT_FACILITY;
    if (view.type != v1::Claim::PROFESSIONAL && !facility) return;
    const PtpTable& table = pack.tables().ptp[facility ? 1 : 0];
    if (table.rows.empty()) return;
    absl::InlinedVector<ProcedureKey, 16> codes;
    for (const LineView& line : view.lines) {
      if (line.usable) codes.push_back(line.code);
    }
    std::sort(codes.begin(), codes.end());
    codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
    absl::InlinedVector<ProcedureKey, 4> column1_codes;
    absl::InlinedVector<Hit, 2> hits;
    for (size_t a = 0; a < view.claim_lines; ++a) {
      LineView& column2 = view.lines[a];
      if (!column2.usable || column2.entry == nullptr) continue;
      const Range partners = column2.entry->ptp[facility ? 1 : 0];
      if (partners.empty()) continue;
      column1_codes.clear();
      Intersect(table, column2.code, partners, codes, &column1_codes);
      hits.clear();
      for (ProcedureKey column1_code : column1_codes) {
        const absl::Span<const PtpRow> rows = table.RowsWith(partners, column1_code);
        for (const LineView& column1 : view.lines) {
          if (column1.code != column1_code || !SameDayPartner(column2, column1)) continue;
          const PtpRow* row = InEffect(rows, column2.dos);
          if (row == nullptr || row->indicator == 9) continue;
          if (row->indicator == 1 && (column1.ncci_modifier || column2.ncci_modifier)) continue;
          if (hits.empty() || hits.back().column1 != column1_code) {
            Hit& hit = hits.emplace_back();
            hit.column1 = column1_code;
            hit.row = row;
          }
          hits.back().partners.push_back(&column1);
        }
      }
      std::sort(hits.begin(), hits.end(),
                [](const Hit& x, const Hit& y) { return x.partners.front() < y.partners.front(); });
      for (const Hit& hit : hits) Report(pack, facility, column2, hit, result);
      if (!hits.empty()) column2.denied = true;
    }
  }

 private:
  static void Report(const RulePack& pack, bool facility, const LineView& column2, const Hit& hit,
                     v1::CheckResult* result) {
    const std::string c1 = ProcedureCodeText(hit.column1);
    const std::string c2 = ProcedureCodeText(column2.code);
    const PtpRow& row = *hit.row;
    v1::Finding* f = AddFinding(result, "NCCI_PTP", v1::Finding::DENY_LINE);
    f->add_lines(column2.number);
    std::vector<std::string> where;
    for (const LineView* partner : hit.partners) {
      if (!partner->history) f->add_lines(partner->number);
      if (where.empty() || where.back() != DescribeLine(*partner)) {
        where.push_back(DescribeLine(*partner));
      }
    }
    f->add_codes(c2);
    f->add_codes(c1);
    const std::string& rationale = pack.info().rationales(row.rationale);
    const std::string because =
        rationale.empty() ? std::string() : absl::StrCat(" Rationale: ", rationale, ".");
    const std::string head =
        absl::StrCat("Line ", column2.number, ": ", c2, " is the column-2 code of an NCCI ",
                     facility ? "outpatient hospital" : "practitioner",
                     " procedure-to-procedure edit with ", c1, " (", absl::StrJoin(where, ", "),
                     ") on the same date of service; ", c2, " is not paid separately.");
    if (row.indicator == 0) {
      f->set_message(
          absl::StrCat(head, " Modifier indicator 0: no modifier bypasses this edit.", because));
      f->set_fix(absl::StrCat("Remove ", c2, " from line ", column2.number,
                              "; no modifier allows it with ", c1, " on the same day."));
    } else {
      f->set_message(absl::StrCat(
          head,
          " Modifier indicator 1: an NCCI-associated modifier on either line bypasses the edit, "
          "and neither line carries one.",
          because));
      f->set_fix(absl::StrCat(
          "If ", c2, " was distinct from ", c1,
          " (a different session or encounter, a different anatomic site or organ system, a "
          "separate incision or excision, or a separate lesion or injury), ",
          kBypassFix, " Otherwise remove ", c2, " from line ", column2.number, "."));
    }
    if (facility) f->set_source_edit(row.indicator == 0 ? "IOCE 20" : "IOCE 40");
    SetRule(pack, row.source, absl::StrCat(c1, ",", c2, ",", FormatIsoDate(row.effective)), f);
  }
};

}  // namespace

std::unique_ptr<Checker> NewPtpChecker() { return std::make_unique<PtpChecker>(); }

}  // namespace coderules::internal
