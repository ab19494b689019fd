#include "src/rules/claim_view.h"

#include <cmath>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace coderules::internal {

v1::Finding* AddFinding(v1::CheckResult* result, absl::string_view edit,
                        v1::Finding::Severity severity) {
  v1::Finding* finding = result->add_findings();
  finding->set_edit(std::string(edit));
  finding->set_severity(severity);
  return finding;
}

std::string DescribeLine(const LineView& line) {
  return line.history ? "an earlier claim" : absl::StrCat("line ", line.number);
}

namespace {

// Reports CLAIM_MALFORMED findings. Messages name the field, never its content.
class Malformed {
 public:
  explicit Malformed(v1::CheckResult* result) : result_(result) {}

  void Add(std::string field, absl::string_view message, int32_t line = 0,
           absl::string_view fix = "") {
    v1::Finding* f = AddFinding(result_, "CLAIM_MALFORMED", v1::Finding::REJECT_CLAIM);
    if (line > 0) f->add_lines(line);
    f->set_message(std::string(message));
    f->set_fix(fix.empty() ? absl::StrCat("Correct ", field, " and send the claim again.")
                           : std::string(fix));
    f->set_field(std::move(field));
    found_ = true;
  }

  void Date(const std::string& field, absl::string_view what, absl::string_view value,
            bool required, int32_t line = 0) {
    if (value.empty()) {
      if (required) Add(field, absl::StrCat(what, " is missing."), line);
    } else if (!ParseIsoDate(value)) {
      Add(field, absl::StrCat(what, " is not a valid YYYY-MM-DD date."), line);
    }
  }

  bool found() const { return found_; }

 private:
  v1::CheckResult* result_;
  bool found_ = false;
};

std::string Capitalized(absl::string_view text) {
  std::string out(text);
  if (!out.empty()) out[0] = absl::ascii_toupper(static_cast<unsigned char>(out[0]));
  return out;
}

bool DateOk(absl::string_view value, bool required) {
  return value.empty() ? !required : ParseIsoDate(value).has_value();
}

// Validates the fields of one line that every edit relies on. Claim lines are named "line N" and
// have diagnosis pointers; history lines are named "history line N". Field paths and names are
// built only for a line that is wrong: most are not.
void CheckLine(const v1::ServiceLine& line, int index, int32_t number, bool history,
               int diagnoses, Malformed& m) {
  auto path = [&](absl::string_view field) {
    return absl::StrCat(history ? "history.lines[" : "lines[", index, "]", field);
  };
  auto name = [&] {
    return history ? absl::StrCat("history line ", index + 1) : absl::StrCat("line ", number);
  };
  if (absl::StripAsciiWhitespace(line.code()).empty()) {
    m.Add(path(".code"), absl::StrCat(Capitalized(name()), " has no procedure code."), number);
  }
  if (!(line.units() > 0) || !std::isfinite(line.units())) {
    m.Add(path(".units"),
          absl::StrCat(Capitalized(name()), " has no units, or units that are not positive."),
          number);
  }
  if (!DateOk(line.date_of_service(), true)) {
    m.Date(path(".date_of_service"), absl::StrCat("The date of service of ", name()),
           line.date_of_service(), true, number);
  }
  if (!line.date_to().empty()) {
    const std::optional<Day> from = ParseIsoDate(line.date_of_service());
    const std::optional<Day> to = ParseIsoDate(line.date_to());
    if (!to) {
      m.Date(path(".date_to"), absl::StrCat("The end date of ", name()), line.date_to(), false,
             number);
    } else if (from && *to < *from) {
      m.Add(path(".date_to"),
            absl::StrCat("The end date of ", name(), " is before its date of service."), number);
    }
  }
  for (int i = 0; i < line.modifiers_size() && !history; ++i) {
    // A modifier's shape is checked later (MODIFIER_INVALID); an empty one is a missing field.
    if (absl::StripAsciiWhitespace(line.modifiers(i)).empty()) {
      m.Add(path(absl::StrCat(".modifiers[", i, "]")),
            absl::StrCat(Capitalized(name()), " has an empty modifier."), number);
    }
  }
  if (history) {
    // History lines are partners only: they get no findings of their own, so a code or modifier
    // that is not well formed makes the history unreadable.
    if (!absl::StripAsciiWhitespace(line.code()).empty() && !PackProcedureCode(line.code())) {
      m.Add(path(".code"),
            absl::StrCat(Capitalized(name()), " has a code that is not a CPT or HCPCS code."));
    }
    for (int i = 0; i < line.modifiers_size(); ++i) {
      if (!PackModifier(line.modifiers(i))) {
        m.Add(path(absl::StrCat(".modifiers[", i, "]")),
              absl::StrCat(Capitalized(name()),
                           " has a modifier that is not two letters or digits."));
      }
    }
    return;
  }
  for (int i = 0; i < line.diagnosis_pointers_size(); ++i) {
    const int32_t p = line.diagnosis_pointers(i);
    if (p < 1 || p > diagnoses) {
      m.Add(path(absl::StrCat(".diagnosis_pointers[", i, "]")),
            absl::StrCat(Capitalized(name()), " points to diagnosis ", p, ", but the claim has ",
                         diagnoses, diagnoses == 1 ? " diagnosis." : " diagnoses."),
            number);
    }
  }
}

}  // namespace

bool BuildClaimView(const v1::Claim& claim, const v1::History* history,
                    const EngineOptions& options, const PackTables& tables, ClaimView* view,
                    v1::CheckResult* result) {
  // Each line and diagnosis is a message of its own: start reading them all before the first is
  // needed.
  for (const v1::ServiceLine& line : claim.lines()) __builtin_prefetch(&line);
  for (const v1::Diagnosis& diagnosis : claim.diagnoses()) __builtin_prefetch(&diagnosis);
  Malformed m(result);
  if (claim.type() == v1::Claim::TYPE_UNSPECIFIED) {
    m.Add("type",
          "The claim type is missing (PROFESSIONAL, OUTPATIENT_FACILITY or INPATIENT_FACILITY); "
          "it decides which NCCI tables apply.");
  }
  if (claim.lines_size() > options.max_lines) {
    m.Add("lines",
          absl::StrCat("The claim has ", claim.lines_size(), " service lines; the limit is ",
                       options.max_lines, "."),
          0,
          absl::StrCat("Split the service lines over claims of at most ", options.max_lines,
                       " lines."));
    return false;
  }
  const int history_lines = history == nullptr ? 0 : history->lines_size();
  if (history_lines > options.max_history_lines) {
    m.Add("history.lines", absl::StrCat("The history has ", history_lines, " lines; the limit is ",
                                        options.max_history_lines, "."));
    return false;
  }
  if (claim.lines_size() == 0 && claim.type() != v1::Claim::INPATIENT_FACILITY) {
    m.Add("lines", "The claim has no service lines.");
  }
  if (claim.has_patient()) {
    const v1::Patient& p = claim.patient();
    m.Date("patient.birth_date", "The patient's birth date", p.birth_date(), false);
    if (p.has_age_years() && (p.age_years() < 0 || p.age_years() > 150)) {
      m.Add("patient.age_years", "The patient's age is not between 0 and 150.");
    }
  }
  m.Date("admission_date", "The admission date", claim.admission_date(), false);
  m.Date("discharge_date", "The discharge date", claim.discharge_date(), false);
  for (int i = 0; i < claim.procedures_size(); ++i) {
    m.Date(absl::StrCat("procedures[", i, "].date"), absl::StrCat("The date of procedure ", i + 1),
           claim.procedures(i).date(), false);
  }

  // Their strings are objects of their own too.
  for (const v1::ServiceLine& line : claim.lines()) {
    __builtin_prefetch(&line.code());
    __builtin_prefetch(&line.date_of_service());
  }
  for (const v1::Diagnosis& diagnosis : claim.diagnoses()) __builtin_prefetch(&diagnosis.code());

  // Numbers in increasing order (the usual case) cannot repeat; otherwise a set finds repeats.
  bool increasing = true;
  for (int i = 1; i < claim.lines_size() && increasing; ++i) {
    increasing =
        claim.lines(i).number() > claim.lines(i - 1).number() && claim.lines(i - 1).number() > 0;
  }
  absl::flat_hash_set<int32_t> numbers;
  for (int i = 0; i < claim.lines_size(); ++i) {
    const v1::ServiceLine& line = claim.lines(i);
    int32_t number = line.number() == 0 ? i + 1 : line.number();
    if (number < 0) {
      m.Add(absl::StrCat("lines[", i, "].number"),
            absl::StrCat("Service line ", i + 1, " has a negative number."));
      number = i + 1;
    } else if (!increasing && !numbers.insert(number).second) {
      m.Add(absl::StrCat("lines[", i, "].number"),
            absl::StrCat("Service line ", i + 1, " repeats line number ", number, "."), number);
    }
    CheckLine(line, i, number, false, claim.diagnoses_size(), m);
  }
  for (int i = 0; i < history_lines; ++i) CheckLine(history->lines(i), i, 0, true, 0, m);
  if (m.found()) return false;

  view->claim = &claim;
  view->type = claim.type();
  view->lines.clear();
  view->lines.reserve(claim.lines_size() + history_lines);
  view->claim_lines = claim.lines_size();
  auto add = [&](const v1::ServiceLine& line, int32_t number, bool is_history) {
    LineView& v = view->lines.emplace_back();
    v.number = number;
    v.history = is_history;
    v.units = line.units();
    v.dos = *ParseIsoDate(line.date_of_service());
    v.provider = absl::StripAsciiWhitespace(line.rendering_provider());
    const std::optional<ProcedureKey> code = PackProcedureCode(line.code());
    v.usable = code.has_value();
    v.code = code.value_or(0);
    if (!code) {
      v.denied = true;
      v1::Finding* f = AddFinding(result, "CODE_INVALID", v1::Finding::DENY_LINE);
      f->add_lines(number);
      f->set_message(absl::StrCat(
          "Line ", number,
          ": the procedure code is not a well-formed CPT or HCPCS code (five characters: five "
          "digits, four digits and a letter, or a letter and four digits)."));
      f->set_fix("Correct the procedure code on this line.");
    }
    for (int k = 0; k < line.modifiers_size(); ++k) {
      const std::optional<ModifierKey> modifier = PackModifier(line.modifiers(k));
      if (modifier) {
        v.modifiers.push_back(*modifier);
        v.ncci_modifier = v.ncci_modifier || IsNcciPtpModifier(*modifier);
      } else {
        v.denied = true;
        v1::Finding* f = AddFinding(result, "MODIFIER_INVALID", v1::Finding::DENY_LINE);
        f->add_lines(number);
        f->set_message(absl::StrCat("Line ", number, ": modifier ", k + 1,
                                    " is not a modifier (two letters or digits)."));
        f->set_fix("Correct or remove the modifier.");
      }
    }
  };
  for (int i = 0; i < claim.lines_size(); ++i) {
    const int32_t n = claim.lines(i).number();
    add(claim.lines(i), n == 0 ? i + 1 : n, false);
  }
  for (int i = 0; i < history_lines; ++i) add(history->lines(i), 0, true);
  view->diagnoses.resize(claim.diagnoses_size());
  for (int i = 0; i < claim.diagnoses_size(); ++i) {
    view->diagnoses[i].key = PackIcd10Cm(claim.diagnoses(i).code());
  }

  // The pack's rows the checkers will read for this claim are fetched together, so that the cache
  // misses of all the lookups overlap instead of following one another.
  std::vector<LineView>& lines = view->lines;
  absl::InlinedVector<DiagnosisView, 12>& diagnoses = view->diagnoses;
  for (const DiagnosisView& d : diagnoses) tables.icd10cm.Prefetch(d.key.value_or(0));
  tables.procedures.FindEach(
      lines.size(), [&](size_t i) { return uint64_t{lines[i].code}; },
      [&](size_t i, const ProcedureEntry* entry) {
        if (!lines[i].usable || entry == nullptr) return;
        lines[i].entry = entry;
        const int table = view->type == v1::Claim::OUTPATIENT_FACILITY ? 1 : 0;
        __builtin_prefetch(tables.ptp[table].column1.data() + entry->ptp[table].begin);
        __builtin_prefetch(tables.mue[table].data() + entry->mue[table].begin);
      });
  tables.icd10cm.FindEach(
      diagnoses.size(), [&](size_t i) { return diagnoses[i].key.value_or(0); },
      [&](size_t i, const IcdEntry* entry) {
        if (!diagnoses[i].key || entry == nullptr) return;
        diagnoses[i].entry = entry;
        __builtin_prefetch(tables.icd10cm_validity.data() + entry->validity.begin);
      });
  return true;
}

}  // namespace coderules::internal
