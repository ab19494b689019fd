// Code validity against the code sets in the pack: CODE_INVALID (HCPCS Level II, ICD-10-PCS),
// MODIFIER_INVALID, DX_INVALID and DX_NOT_BILLABLE.
//
// A code is valid on a date when one of its windows holds the date. It is invalid only where a
// loaded source lists the whole code system for that date (coverage): a release's windows end
// where the release ends, so outside every release the pack cannot tell, and says nothing, or,
// for modifiers, asks for review.
#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "src/pack/pack_format.h"
#include "src/rules/checker.h"

namespace coderules::internal {
namespace {

template <typename Row>
bool AnyInEffect(absl::Span<const Row> rows, Day day) {
  for (const Row& row : rows) {
    if (InWindow(day, row.effective, row.end)) return true;
  }
  return false;
}

// "2015-10-01 to 2022-09-30", "from 2015-10-01", joined with "; ".
template <typename Row>
std::string DescribeWindows(absl::Span<const Row> rows) {
  std::vector<std::string> parts;
  for (const Row& row : rows) {
    if (row.end == kForever) {
      parts.push_back(absl::StrCat("from ", FormatIsoDate(row.effective)));
    } else {
      parts.push_back(
          absl::StrCat(FormatIsoDate(row.effective), " to ", FormatIsoDate(row.end - 1)));
    }
  }
  return absl::StrJoin(parts, "; ");
}

bool IsHcpcsLevelII(ProcedureKey code) {
  const char first = ProcedureCodeText(code)[0];
  return first >= 'A' && first <= 'Z';
}

class ProcedureCodeChecker : public Checker {
 public:
  void Check(const RulePack& pack, ClaimView& view, v1::CheckResult* result) const override {
    const PackTables& t = pack.tables();
    for (size_t a = 0; a < view.claim_lines; ++a) {
      LineView& line = view.lines[a];
      if (line.usable && IsHcpcsLevelII(line.code)) CheckHcpcs(t, line, result);
      if (!t.modifiers.keys.empty()) {
        for (ModifierKey modifier : line.modifiers) CheckModifier(t, line, modifier, result);
      }
    }
    if (view.type == v1::Claim::INPATIENT_FACILITY) CheckPcs(t, view, result);
  }

 private:
  static void CheckHcpcs(const PackTables& t, LineView& line, v1::CheckResult* result) {
    const absl::Span<const HcpcsRow> rows =
        line.entry == nullptr ? absl::Span<const HcpcsRow>() : RowsOf(t.hcpcs, line.entry->hcpcs);
    if (AnyInEffect(rows, line.dos)) return;
    if (!t.Covers(CodeSystem::kHcpcs, line.dos)) return;
    const std::string code = ProcedureCodeText(line.code);
    v1::Finding* f = AddFinding(result, "CODE_INVALID", v1::Finding::DENY_LINE);
    f->add_lines(line.number);
    f->add_codes(code);
    f->set_message(
        rows.empty()
            ? absl::StrCat("Line ", line.number, ": ", code,
                           " is not in the HCPCS Level II code set in effect on its date of "
                           "service.")
            : absl::StrCat("Line ", line.number, ": HCPCS code ", code,
                           " is not valid on its date of service; it is valid ",
                           DescribeWindows(rows), "."));
    f->set_fix(absl::StrCat("Report the HCPCS code in effect on the date of service instead of ",
                            code, "."));
    // An invalid code takes no part in the edits that pair codes.
    line.usable = false;
    line.denied = true;
  }

  static void CheckModifier(const PackTables& t, LineView& line, ModifierKey modifier,
                            v1::CheckResult* result) {
    const RowsEntry* entry = t.modifiers.Find(modifier);
    const absl::Span<const TextRow> rows =
        entry == nullptr ? absl::Span<const TextRow>() : RowsOf(t.modifier_rows, entry->rows);
    if (AnyInEffect(rows, line.dos)) return;
    const std::string text = ModifierText(modifier);
    const bool covered = t.Covers(CodeSystem::kModifier, line.dos);
    v1::Finding* f = AddFinding(result, "MODIFIER_INVALID",
                                covered ? v1::Finding::DENY_LINE : v1::Finding::REVIEW);
    f->add_lines(line.number);
    f->add_codes(text);
    if (line.usable) f->add_codes(ProcedureCodeText(line.code));
    if (!rows.empty()) {
      f->set_message(absl::StrCat(
          "Line ", line.number, ": modifier ", text,
          covered ? " is not valid on the line's date of service; it is valid "
                  : " is known to this rule pack only ",
          DescribeWindows(rows),
          covered ? "." : "; the pack holds no modifier list for the line's date of service."));
    } else if (covered) {
      f->set_message(absl::StrCat("Line ", line.number, ": ", text,
                                  " is not a modifier in the code set in effect on the line's "
                                  "date of service."));
    } else {
      f->set_message(absl::StrCat("Line ", line.number, ": modifier ", text,
                                  " is not in this rule pack's modifier lists for the line's date "
                                  "of service; the pack cannot tell whether it is valid."));
    }
    f->set_fix(absl::StrCat("Correct or remove modifier ", text, " on line ", line.number, "."));
    // A denied line is no add-on's primary (as for a modifier that is not well formed).
    if (covered) line.denied = true;
  }

  // ICD-10-PCS procedures of an inpatient claim, as of the discharge date (as the MCE does).
  static void CheckPcs(const PackTables& t, const ClaimView& view, v1::CheckResult* result) {
    const v1::Claim& claim = *view.claim;
    for (int i = 0; i < claim.procedures_size(); ++i) {
      const v1::Procedure& p = claim.procedures(i);
      std::optional<Day> day = ParseIsoDate(claim.discharge_date());
      if (!day) day = ParseIsoDate(p.date());
      if (!day) continue;
      const std::optional<IcdKey> key = PackIcd10Pcs(p.code());
      const IcdEntry* entry = key ? t.icd10pcs.Find(*key) : nullptr;
      const absl::Span<const ValidityRow> rows = entry == nullptr
                                                     ? absl::Span<const ValidityRow>()
                                                     : RowsOf(t.icd10pcs_validity, entry->validity);
      if (AnyInEffect(rows, *day)) continue;
      if (key && !t.Covers(CodeSystem::kIcd10Pcs, *day)) continue;
      v1::Finding* f = AddFinding(result, "CODE_INVALID", v1::Finding::REJECT_CLAIM);
      f->add_procedures(i + 1);
      f->set_source_edit("INVALID_CODE");
      if (key) f->add_codes(IcdCodeText(*key));
      f->set_message(
          !key ? absl::StrCat("Procedure ", i + 1,
                              " is not an ICD-10-PCS code (seven letters or "
                              "digits, without I or O).")
          : rows.empty()
              ? absl::StrCat("Procedure ", i + 1, ": ", IcdCodeText(*key),
                             " is not in the ICD-10-PCS code set in effect on the discharge date.")
              : absl::StrCat("Procedure ", i + 1, ": ", IcdCodeText(*key),
                             " is not valid on the discharge date; it is valid ",
                             DescribeWindows(rows), "."));
      f->set_fix("Report the ICD-10-PCS code in effect on the discharge date.");
    }
  }
};

// Diagnoses: the date a diagnosis is judged on. Inpatient claims use the discharge date, as the
// MCE does; others the earliest date of service of the lines that point to it, or of the claim.
std::optional<Day> DiagnosisDay(const ClaimView& view, int position) {
  const v1::Claim& claim = *view.claim;
  if (view.type == v1::Claim::INPATIENT_FACILITY) {
    for (const std::string* date : {&claim.discharge_date(), &claim.admission_date()}) {
      if (std::optional<Day> day = ParseIsoDate(*date)) return day;
    }
  }
  std::optional<Day> pointed, any;
  for (size_t a = 0; a < view.claim_lines; ++a) {
    const Day dos = view.lines[a].dos;
    any = std::min(any.value_or(dos), dos);
    for (int32_t p : claim.lines(static_cast<int>(a)).diagnosis_pointers()) {
      if (p == position) pointed = std::min(pointed.value_or(dos), dos);
    }
  }
  return pointed ? pointed : any;
}

class DiagnosisChecker : public Checker {
 public:
  void Check(const RulePack& pack, ClaimView& view, v1::CheckResult* result) const override {
    const PackTables& t = pack.tables();
    if (t.icd10cm.keys.empty() && t.coverage.empty()) return;
    for (size_t i = 0; i < view.diagnoses.size(); ++i) {
      const DiagnosisView& d = view.diagnoses[i];
      const std::optional<Day> day = DiagnosisDay(view, static_cast<int>(i + 1));
      if (!day) continue;
      CheckOne(t, static_cast<int>(i + 1), d.key,
               d.entry == nullptr ? absl::Span<const ValidityRow>()
                                  : RowsOf(t.icd10cm_validity, d.entry->validity),
               *day, result);
    }
  }

 private:
  static absl::Span<const ValidityRow> Validity(const PackTables& t, IcdKey key) {
    const IcdEntry* entry = t.icd10cm.Find(key);
    return entry == nullptr ? absl::Span<const ValidityRow>()
                            : RowsOf(t.icd10cm_validity, entry->validity);
  }

  static bool Valid(absl::Span<const ValidityRow> rows, Day day, bool billable) {
    for (const ValidityRow& row : rows) {
      if ((row.billable != 0) == billable && InWindow(day, row.effective, row.end)) return true;
    }
    return false;
  }

  // Billable codes under `prefix` on `day`, at most `limit` of them, in code order.
  static std::vector<IcdKey> Children(const PackTables& t, IcdKey prefix, Day day, size_t limit) {
    std::vector<IcdKey> out;
    const auto& keys = t.icd10cm.keys;
    const IcdKey last = IcdPrefixLast(prefix);
    for (size_t k = std::upper_bound(keys.begin(), keys.end(), prefix) - keys.begin();
         k < keys.size() && keys[k] <= last && out.size() < limit; ++k) {
      if (Valid(RowsOf(t.icd10cm_validity, t.icd10cm.entries[k].validity), day, true)) {
        out.push_back(keys[k]);
      }
    }
    return out;
  }

  static std::string List(const std::vector<IcdKey>& codes) {
    std::vector<std::string> text;
    for (IcdKey code : codes) text.push_back(Icd10CmDisplay(code));
    return absl::StrJoin(text, ", ");
  }

  // Diagnosis `position`: its key (none when it is not an ICD-10-CM code) and validity rows.
  static void CheckOne(const PackTables& t, int position, std::optional<IcdKey> key,
                       absl::Span<const ValidityRow> rows, Day day, v1::CheckResult* result) {
    auto finding = [&](absl::string_view edit) {
      v1::Finding* f = AddFinding(result, edit, v1::Finding::REJECT_CLAIM);
      f->add_diagnoses(position);
      f->set_source_edit("INVALID_CODE");
      return f;
    };
    if (!key) {
      v1::Finding* f = finding("DX_INVALID");
      f->set_message(absl::StrCat("Diagnosis ", position,
                                  " is not an ICD-10-CM code (a letter, then two to six letters or "
                                  "digits, with an optional dot after the third character)."));
      f->set_fix("Correct the diagnosis code.");
      return;
    }
    if (Valid(rows, day, true)) return;
    const std::string code = Icd10CmDisplay(*key);
    if (Valid(rows, day, false)) {
      v1::Finding* f = finding("DX_NOT_BILLABLE");
      f->add_codes(code);
      const std::vector<IcdKey> children = Children(t, *key, day, 6);
      const bool needs_seventh =
          !children.empty() && IcdCodeLength(children[0]) == 7 && IcdCodeLength(*key) == 6;
      f->set_message(absl::StrCat(
          "Diagnosis ", position, ": ", code,
          needs_seventh ? " needs a 7th character; without it the code is not valid."
                        : " is a category or subcategory header, not a billable code.",
          " Codes under it valid on the date of service include ", List(children), "."));
      f->set_fix(absl::StrCat("Report the most specific code that applies, such as ",
                              Icd10CmDisplay(children.empty() ? *key : children[0]), "."));
      return;
    }
    const std::string bare = IcdCodeText(*key);
    const int length = static_cast<int>(bare.size());
    // A 7th character in the wrong place: placeholders X missing ("W21.89A" for "W21.89XA").
    if (length >= 4 && length < 7) {
      const std::string padded = absl::StrCat(
          bare.substr(0, length - 1), std::string(7 - length, 'X'), bare.substr(length - 1));
      const std::optional<IcdKey> candidate = PackIcd10Cm(padded);
      if (candidate && Valid(Validity(t, *candidate), day, true)) {
        v1::Finding* f = finding("DX_NOT_BILLABLE");
        f->add_codes(code);
        f->set_message(absl::StrCat("Diagnosis ", position, ": ", code,
                                    " lacks the placeholder X that puts its 7th character in "
                                    "the 7th position."));
        f->set_fix(absl::StrCat("Report ", Icd10CmDisplay(*candidate), "."));
        return;
      }
    }
    // A 7th character the code does not take.
    if (length == 7) {
      const IcdKey stem = *PackIcd10Cm(bare.substr(0, 6));
      if (Valid(Validity(t, stem), day, false)) {
        const std::vector<IcdKey> children = Children(t, stem, day, 36);
        std::vector<std::string> allowed;
        for (IcdKey child : children) allowed.push_back(IcdCodeText(child).substr(6));
        v1::Finding* f = finding("DX_NOT_BILLABLE");
        f->add_codes(code);
        f->set_message(absl::StrCat("Diagnosis ", position, ": ", bare.substr(6),
                                    " is not a 7th character that ", Icd10CmDisplay(stem),
                                    " takes on the date of service; it takes ",
                                    absl::StrJoin(allowed, ", "), "."));
        f->set_fix(absl::StrCat("Report ", Icd10CmDisplay(stem),
                                " with the 7th character that applies, such as ",
                                Icd10CmDisplay(children.empty() ? stem : children[0]), "."));
        return;
      }
    }
    if (!t.Covers(CodeSystem::kIcd10Cm, day)) return;
    v1::Finding* f = finding("DX_INVALID");
    f->add_codes(code);
    std::vector<ValidityRow> billable;
    for (const ValidityRow& row : rows) {
      if (row.billable != 0) billable.push_back(row);
    }
    f->set_message(
        billable.empty()
            ? absl::StrCat("Diagnosis ", position, ": ", code,
                           " is not a billable code in the ICD-10-CM code set in effect on the "
                           "date of service.")
            : absl::StrCat("Diagnosis ", position, ": ", code,
                           " is not valid on the date of service; it is valid ",
                           DescribeWindows(absl::MakeConstSpan(billable)), "."));
    f->set_fix("Report the ICD-10-CM code in effect on the date of service.");
  }
};

}  // namespace

std::unique_ptr<Checker> NewProcedureCodeChecker() {
  return std::make_unique<ProcedureCodeChecker>();
}
std::unique_ptr<Checker> NewDiagnosisChecker() { return std::make_unique<DiagnosisChecker>(); }

}  // namespace coderules::internal
