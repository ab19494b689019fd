// `coderules lookup`: a code as the pack knows it, read straight from the pack's tables.
#include "coderules/lookup.h"

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "coderules/code.h"
#include "src/explore/display.h"
#include "src/internal/date.h"
#include "src/pack/pack_format.h"

namespace coderules {
namespace {

using internal::Day;
using internal::PackTables;
using internal::RowsOf;
using internal::TableName;
using internal::WindowOf;
using internal::WindowText;

// Rows in effect on `day`; all rows when there is no day.
template <typename Row>
std::vector<Row> InEffect(absl::Span<const Row> rows, std::optional<Day> day) {
  std::vector<Row> out;
  for (const Row& row : rows) {
    if (!day || internal::InWindow(*day, row.effective, row.end)) out.push_back(row);
  }
  return out;
}

// A code range of the tabular list as coders write it: "J20.9", "J20.-", "I82.4Z-", "A15-A19".
std::string RangeText(IcdKey first, IcdKey last) {
  if (first == last) return Icd10CmDisplay(first);
  if (IcdPrefixLast(first) == last) {
    return absl::StrCat(Icd10CmDisplay(first), IcdCodeLength(first) == 3 ? ".-" : "-");
  }
  // The shortest prefix whose descendants end at `last`.
  std::string end = IcdCodeText(last);
  while (end.size() > 3 && end.back() == 'Z' &&
         IcdPrefixLast(*PackIcd10Cm(end.substr(0, end.size() - 1))) == last) {
    end.pop_back();
  }
  return absl::StrCat(Icd10CmDisplay(first), "-", Icd10CmDisplay(*PackIcd10Cm(end)));
}

v1::CodeInfo::DateStatus Judge(bool in_effect, bool billable, bool covered) {
  if (in_effect) return billable ? v1::CodeInfo::BILLABLE : v1::CodeInfo::HEADER;
  return covered ? v1::CodeInfo::NOT_VALID : v1::CodeInfo::CANNOT_TELL;
}

class Lookup {
 public:
  Lookup(const RulePack& pack, std::optional<Day> day)
      : pack_(pack), t_(pack.tables()), day_(day) {}

  // ICD-10-CM.
  bool Icd10Cm(IcdKey key, v1::CodeInfo* info) const {
    info->set_system(v1::ICD10CM);
    info->set_code(Icd10CmDisplay(key));
    const internal::IcdEntry* entry = t_.icd10cm.Find(key);
    bool known = entry != nullptr;
    if (entry != nullptr) {
      AddValidity(RowsOf(t_.icd10cm_validity, entry->validity), info);
      const std::vector<internal::NameRow> names =
          InEffect(RowsOf(t_.icd10cm_names, entry->names), day_);
      for (const internal::NameRow& row : names) {
        v1::Title* title = info->add_titles();
        *title->mutable_window() = WindowOf(row);
        title->set_short_title(std::string(t_.Text(row.short_title)));
        title->set_long_title(std::string(t_.Text(row.long_title)));
      }
      // The newest release's long title; a tabular-list title when the order file has none.
      for (const internal::NameRow& row : names) {
        if (!t_.Text(row.long_title).empty()) info->set_description(std::string(t_.Text(row.long_title)));
      }
      for (const internal::TextRow& row : InEffect(RowsOf(t_.icd10cm_lists, entry->lists), day_)) {
        v1::ListMembership* list = info->add_lists();
        list->set_list(std::string(t_.Text(row.text)));
        *list->mutable_window() = WindowOf(row);
      }
    }
    AddSeventh(key, info);
    known = AddNotes(key, info) || known;
    if (day_) {
      bool in_effect = false, billable = false;
      for (const internal::ValidityRow& row : InEffectValidity(entry, t_.icd10cm_validity)) {
        in_effect = true;
        billable = billable || row.billable != 0;
      }
      info->set_on_date(Judge(in_effect, billable, t_.Covers(internal::CodeSystem::kIcd10Cm, *day_)));
    }
    info->set_known(known);
    return known;
  }

  bool Icd10Pcs(IcdKey key, v1::CodeInfo* info) const {
    info->set_system(v1::ICD10PCS);
    info->set_code(IcdCodeText(key));
    const internal::IcdEntry* entry = t_.icd10pcs.Find(key);
    if (entry != nullptr) {
      AddValidity(RowsOf(t_.icd10pcs_validity, entry->validity), info);
      for (const internal::TextRow& row : InEffect(RowsOf(t_.icd10pcs_lists, entry->lists), day_)) {
        v1::ListMembership* list = info->add_lists();
        list->set_list(std::string(t_.Text(row.text)));
        *list->mutable_window() = WindowOf(row);
      }
    }
    if (day_) {
      const bool in_effect = !InEffectValidity(entry, t_.icd10pcs_validity).empty();
      info->set_on_date(Judge(in_effect, true, t_.Covers(internal::CodeSystem::kIcd10Pcs, *day_)));
    }
    info->set_known(entry != nullptr);
    return entry != nullptr;
  }

  // CPT and HCPCS Level II.
  bool Procedure(ProcedureKey key, v1::CodeInfo* info) const {
    const std::string code = ProcedureCodeText(key);
    const bool hcpcs = absl::ascii_isalpha(code[0]);
    info->set_system(hcpcs ? v1::HCPCS : v1::CPT);
    info->set_code(code);
    const internal::ProcedureEntry* entry = t_.procedures.Find(key);
    bool in_effect = false;
    if (entry != nullptr) {
      for (const internal::HcpcsRow& row : RowsOf(t_.hcpcs, entry->hcpcs)) {
        v1::Validity* v = info->add_validity();
        *v->mutable_window() = WindowOf(row);
        v->set_billable(true);
      }
      for (const internal::HcpcsRow& row : InEffect(RowsOf(t_.hcpcs, entry->hcpcs), day_)) {
        in_effect = true;
        v1::Title* title = info->add_titles();
        *title->mutable_window() = WindowOf(row);
        title->set_short_title(std::string(t_.Text(row.short_title)));
        title->set_long_title(std::string(t_.Text(row.long_title)));
        info->set_description(title->long_title());
      }
      AddFeeSchedule(*entry, info);
      AddMue(*entry, info);
      AddAddOnPrimaries(key, *entry, info);
    }
    if (day_) {
      info->set_on_date(hcpcs ? Judge(in_effect, true,
                                      t_.Covers(internal::CodeSystem::kHcpcs, *day_))
                              : v1::CodeInfo::CANNOT_TELL);
    }
    const bool ptp = AddPtp(key, entry, info);
    const bool add_ons = AddAddOns(key, info);
    info->set_known(entry != nullptr || ptp || add_ons);
    return info->known();
  }

  bool Modifier(ModifierKey key, v1::CodeInfo* info) const {
    info->set_system(v1::MODIFIER);
    info->set_code(ModifierText(key));
    return Catalogue(t_.modifiers.Find(key), t_.modifier_rows, internal::CodeSystem::kModifier,
                     info);
  }

  bool PlaceOfService(int code, v1::CodeInfo* info) const {
    info->set_system(v1::PLACE_OF_SERVICE);
    info->set_code(absl::StrCat(code / 10, code % 10));
    return Catalogue(t_.places_of_service.Find(code), t_.place_of_service_rows,
                     internal::CodeSystem::kPlaceOfService, info);
  }

 private:
  std::vector<internal::ValidityRow> InEffectValidity(
      const internal::IcdEntry* entry, absl::Span<const internal::ValidityRow> rows) const {
    if (entry == nullptr) return {};
    return InEffect(RowsOf(rows, entry->validity), day_);
  }

  static void AddValidity(absl::Span<const internal::ValidityRow> rows, v1::CodeInfo* info) {
    for (const internal::ValidityRow& row : rows) {
      v1::Validity* v = info->add_validity();
      *v->mutable_window() = WindowOf(row);
      v->set_billable(row.billable != 0);
    }
  }

  // The 7th characters of the nearest ancestor (or the code itself) that defines any.
  void AddSeventh(IcdKey key, v1::CodeInfo* info) const {
    std::string text = IcdCodeText(key);
    if (text.size() == 7) text.pop_back();
    for (size_t n = text.size(); n >= 3; --n) {
      const internal::IcdEntry* entry = t_.icd10cm.Find(*PackIcd10Cm(text.substr(0, n)));
      if (entry == nullptr) continue;
      const std::vector<internal::SeventhRow> rows =
          InEffect(RowsOf(t_.icd10cm_seventh, entry->seventh), day_);
      if (rows.empty()) continue;
      for (const internal::SeventhRow& row : rows) {
        v1::SeventhCharacter* s = info->add_seventh_characters();
        s->set_character(std::string(1, row.character));
        s->set_meaning(std::string(t_.Text(row.text)));
        s->set_defined_on(Icd10CmDisplay(*PackIcd10Cm(text.substr(0, n))));
        *s->mutable_window() = WindowOf(row);
      }
      return;
    }
  }

  // Notes whose scope holds the code. True when there is any.
  bool AddNotes(IcdKey key, v1::CodeInfo* info) const {
    bool any = false;
    for (const internal::NoteRow& row : t_.icd10cm_notes) {
      if (key < row.scope.first || key > row.scope.last) continue;
      if (day_ && !internal::InWindow(*day_, row.effective, row.end)) continue;
      any = true;
      v1::Note* note = info->add_notes();
      note->set_kind(static_cast<v1::Note::Kind>(row.kind));
      note->set_text(std::string(t_.Text(row.text)));
      note->set_scope(RangeText(row.scope.first, row.scope.last));
      for (const internal::CodeRangeRow& ref : RowsOf(t_.icd10cm_note_refs, row.refs)) {
        note->add_refs(RangeText(ref.first, ref.last));
      }
      *note->mutable_window() = WindowOf(row);
    }
    return any;
  }

  void AddFeeSchedule(const internal::ProcedureEntry& entry, v1::CodeInfo* info) const {
    for (const internal::FeeScheduleRow& row :
         InEffect(RowsOf(t_.fee_schedule, entry.fee_schedule), day_)) {
      v1::FeeScheduleIndicators* f = info->add_fee_schedule();
      if (row.modifier != internal::kNoModifier) f->set_modifier(ModifierText(row.modifier));
      f->set_status(std::string(1, row.status));
      f->set_global_days(std::string(row.global_days, 3));
      f->set_pc_tc(row.pc_tc);
      f->set_multiple_procedure(row.multiple_procedure);
      f->set_bilateral(row.bilateral);
      f->set_assistant_surgery(row.assistant);
      f->set_co_surgeons(row.co_surgeon);
      f->set_team_surgery(row.team);
      *f->mutable_window() = WindowOf(row);
    }
  }

  // Partner codes by indicator, each counted once per indicator it has with the code.
  bool AddPtp(ProcedureKey key, const internal::ProcedureEntry* entry, v1::CodeInfo* info) const {
    bool any = false;
    for (int table = 0; table < 2; ++table) {
      const internal::PtpTable& ptp = t_.ptp[table];
      std::set<std::pair<uint32_t, int>> as_column2, as_column1;
      if (entry != nullptr) {
        const internal::Range range = entry->ptp[table];
        for (uint32_t r = range.begin; r < range.end(); ++r) {
          const internal::PtpRow& row = ptp.rows[r];
          if (!day_ || internal::InWindow(*day_, row.effective, row.deletion)) {
            as_column2.insert({ptp.column1[r], row.indicator});
          }
        }
      }
      // Rows where the code is column 1: each column-2 code's rows are sorted by column 1.
      const auto& codes = t_.procedures;
      for (size_t k = 0; k < codes.keys.size(); ++k) {
        const internal::Range range = codes.entries[k].ptp[table];
        if (range.empty()) continue;
        for (const internal::PtpRow& row : ptp.RowsWith(range, key)) {
          if (!day_ || internal::InWindow(*day_, row.effective, row.deletion)) {
            as_column1.insert({static_cast<uint32_t>(codes.keys[k]), row.indicator});
          }
        }
      }
      if (as_column2.empty() && as_column1.empty()) continue;
      any = true;
      int counts[2][3] = {};
      for (const auto& [partner, indicator] : as_column2) ++counts[0][indicator == 9 ? 2 : indicator];
      for (const auto& [partner, indicator] : as_column1) ++counts[1][indicator == 9 ? 2 : indicator];
      v1::PtpSummary* s = info->add_ptp();
      s->set_table(TableName(table));
      s->set_as_column2_indicator0(counts[0][0]);
      s->set_as_column2_indicator1(counts[0][1]);
      s->set_as_column2_indicator9(counts[0][2]);
      s->set_as_column1_indicator0(counts[1][0]);
      s->set_as_column1_indicator1(counts[1][1]);
      s->set_as_column1_indicator9(counts[1][2]);
    }
    return any;
  }

  void AddMue(const internal::ProcedureEntry& entry, v1::CodeInfo* info) const {
    for (int table = 0; table < 2; ++table) {
      for (const internal::MueRow& row : InEffect(RowsOf(t_.mue[table], entry.mue[table]), day_)) {
        v1::MueValue* m = info->add_mue();
        m->set_table(TableName(table));
        m->set_value(row.value);
        m->set_mai(row.mai);
        if (row.rationale < pack_.info().rationales_size()) {
          m->set_rationale(pack_.info().rationales(row.rationale));
        }
        *m->mutable_window() = WindowOf(row);
      }
    }
  }

  void AddAddOnRow(uint32_t row, ProcedureKey add_on,
                   google::protobuf::RepeatedPtrField<v1::AddOnLink>* out) const {
    const internal::AddOnRow& r = t_.add_on[row];
    if (day_ && !internal::InWindow(*day_, r.effective, r.end)) return;
    v1::AddOnLink* e = out->Add();
    e->set_add_on(ProcedureCodeText(add_on));
    const uint32_t primary = t_.add_on_primary[row];
    if (primary != internal::kContractorPrimary) e->set_primary(ProcedureCodeText(primary));
    e->set_type(r.type);
    *e->mutable_window() = WindowOf(r);
  }

  void AddAddOnPrimaries(ProcedureKey key, const internal::ProcedureEntry& entry,
                         v1::CodeInfo* info) const {
    for (uint32_t r = entry.add_on.begin; r < entry.add_on.end(); ++r) {
      AddAddOnRow(r, key, info->mutable_add_on_primaries());
    }
  }

  // Add-on codes that list the code as a primary.
  bool AddAddOns(ProcedureKey key, v1::CodeInfo* info) const {
    const auto& codes = t_.procedures;
    bool any = false;
    for (size_t k = 0; k < codes.keys.size(); ++k) {
      const internal::Range range = codes.entries[k].add_on;
      for (uint32_t r = range.begin; r < range.end(); ++r) {
        if (t_.add_on_primary[r] != key) continue;
        any = true;
        AddAddOnRow(r, static_cast<ProcedureKey>(codes.keys[k]), info->mutable_add_ons());
      }
    }
    return any;
  }

  bool Catalogue(const internal::RowsEntry* entry, absl::Span<const internal::TextRow> rows,
                 internal::CodeSystem system, v1::CodeInfo* info) const {
    bool in_effect = false;
    if (entry != nullptr) {
      for (const internal::TextRow& row : RowsOf(rows, entry->rows)) {
        v1::Validity* v = info->add_validity();
        *v->mutable_window() = WindowOf(row);
        v->set_billable(true);
      }
      for (const internal::TextRow& row : InEffect(RowsOf(rows, entry->rows), day_)) {
        in_effect = true;
        v1::Title* title = info->add_titles();
        *title->mutable_window() = WindowOf(row);
        title->set_long_title(std::string(t_.Text(row.text)));
        info->set_description(title->long_title());
      }
    }
    if (day_) info->set_on_date(Judge(in_effect, true, t_.Covers(system, *day_)));
    info->set_known(entry != nullptr);
    return entry != nullptr;
  }

  const RulePack& pack_;
  const PackTables& t_;
  std::optional<Day> day_;
};

}  // namespace

absl::StatusOr<v1::LookupResult> LookupCode(const RulePack& pack, absl::string_view text,
                                            absl::string_view date) {
  v1::LookupResult result;
  std::optional<Day> day;
  if (!date.empty()) {
    day = internal::ParseIsoDate(date);
    if (!day) return absl::InvalidArgumentError("the date is not a YYYY-MM-DD date");
    result.set_date(internal::FormatIsoDate(*day));
  }
  const std::string query(absl::StripAsciiWhitespace(text));
  result.set_query(query);
  const Lookup lookup(pack, day);
  // Every system the text fits, and whether the pack knows the code there.
  std::vector<std::pair<v1::CodeInfo, bool>> candidates;
  auto add = [&](auto fill) {
    v1::CodeInfo info;
    const bool known = fill(&info);
    candidates.emplace_back(std::move(info), known);
  };
  const bool dotted = query.find('.') != std::string::npos;
  if (std::optional<IcdKey> key = PackIcd10Cm(query)) {
    add([&](v1::CodeInfo* info) { return lookup.Icd10Cm(*key, info); });
  }
  if (!dotted) {
    if (std::optional<IcdKey> key = PackIcd10Pcs(query); key && query.size() == 7) {
      add([&](v1::CodeInfo* info) { return lookup.Icd10Pcs(*key, info); });
    }
    if (std::optional<ProcedureKey> key = PackProcedureCode(query)) {
      add([&](v1::CodeInfo* info) { return lookup.Procedure(*key, info); });
    }
    if (std::optional<ModifierKey> key = PackModifier(query)) {
      add([&](v1::CodeInfo* info) { return lookup.Modifier(*key, info); });
    }
    if (query.size() == 2 && absl::ascii_isdigit(query[0]) && absl::ascii_isdigit(query[1])) {
      const int code = (query[0] - '0') * 10 + (query[1] - '0');
      add([&](v1::CodeInfo* info) { return lookup.PlaceOfService(code, info); });
    }
  }
  if (candidates.empty()) {
    return absl::InvalidArgumentError(
        "not the shape of an ICD-10-CM, ICD-10-PCS, CPT, HCPCS, modifier or place-of-service "
        "code");
  }
  const bool any_known = std::any_of(candidates.begin(), candidates.end(),
                                     [](const auto& c) { return c.second; });
  for (auto& [info, known] : candidates) {
    if (known || !any_known) *result.add_matches() = std::move(info);
  }
  return result;
}

namespace {

const char* SystemName(v1::CodeSystem system) {
  switch (system) {
    case v1::ICD10CM:
      return "ICD-10-CM";
    case v1::ICD10PCS:
      return "ICD-10-PCS";
    case v1::HCPCS:
      return "HCPCS Level II";
    case v1::CPT:
      return "CPT";
    case v1::MODIFIER:
      return "modifier";
    case v1::PLACE_OF_SERVICE:
      return "place of service";
    default:
      return "unknown system";
  }
}

const char* NoteName(v1::Note::Kind kind) {
  switch (kind) {
    case v1::Note::EXCLUDES1:
      return "Excludes1";
    case v1::Note::EXCLUDES2:
      return "Excludes2";
    case v1::Note::CODE_FIRST:
      return "Code first";
    case v1::Note::USE_ADDITIONAL_CODE:
      return "Use additional code";
    case v1::Note::CODE_ALSO:
      return "Code also";
    case v1::Note::INCLUDES:
      return "Includes";
    case v1::Note::INCLUSION_TERM:
      return "Inclusion term";
    default:
      return "Note";
  }
}

void FormatMatch(const v1::CodeInfo& m, const std::string& date, std::string* out) {
  absl::StrAppend(out, m.code(), "  ", SystemName(m.system()),
                  m.known() ? "" : "  (not in this pack)", "\n");
  if (!m.description().empty()) absl::StrAppend(out, "  ", m.description(), "\n");
  if (!date.empty()) {
    const char* status = "";
    switch (m.on_date()) {
      case v1::CodeInfo::BILLABLE:
        status = "valid";
        break;
      case v1::CodeInfo::HEADER:
        status = "a header, not billable (report a code under it)";
        break;
      case v1::CodeInfo::NOT_VALID:
        status = "NOT valid";
        break;
      default:
        status = m.system() == v1::CPT ? "not judged (the pack holds no CPT code list)"
                                       : "not judged (the pack does not list this code set then)";
    }
    absl::StrAppend(out, "  On ", date, ": ", status, "\n");
  }
  for (const v1::Validity& v : m.validity()) {
    absl::StrAppend(out, "  Valid ", WindowText(v.window()),
                    m.system() == v1::ICD10CM && !v.billable() ? " (header)" : "", "\n");
  }
  if (m.seventh_characters_size() > 0) {
    absl::StrAppend(out, "  7th characters (defined on ", m.seventh_characters(0).defined_on(),
                    "):\n");
    for (const v1::SeventhCharacter& s : m.seventh_characters()) {
      absl::StrAppend(out, "    ", s.character(), "  ", s.meaning(), "\n");
    }
  }
  for (const v1::Note& n : m.notes()) {
    absl::StrAppend(out, "  ", NoteName(n.kind()), " (", n.scope(), "): ", n.text());
    if (n.refs_size() > 0) absl::StrAppend(out, "  [", absl::StrJoin(n.refs(), ", "), "]");
    absl::StrAppend(out, "\n");
  }
  for (const v1::ListMembership& l : m.lists()) {
    absl::StrAppend(out, "  MCE list ", l.list(), " (", WindowText(l.window()), ")\n");
  }
  for (const v1::FeeScheduleIndicators& f : m.fee_schedule()) {
    absl::StrAppend(out, "  Fee schedule", f.modifier().empty() ? "" : " with -", f.modifier(),
                    ": status ", f.status(), ", global ", f.global_days(), ", PC/TC ", f.pc_tc(),
                    ", mult. proc. ", f.multiple_procedure(), ", bilateral ", f.bilateral(),
                    ", assistant ", f.assistant_surgery(), ", co-surgeons ", f.co_surgeons(),
                    ", team ", f.team_surgery(), " (", WindowText(f.window()), ")\n");
  }
  for (const v1::PtpSummary& p : m.ptp()) {
    absl::StrAppend(out, "  NCCI PTP ", p.table(), ": column 2 with ",
                    p.as_column2_indicator0(), "/", p.as_column2_indicator1(), "/",
                    p.as_column2_indicator9(), " codes, column 1 with ",
                    p.as_column1_indicator0(), "/", p.as_column1_indicator1(), "/",
                    p.as_column1_indicator9(), " codes (modifier indicator 0/1/9)\n");
  }
  for (const v1::MueValue& u : m.mue()) {
    absl::StrAppend(out, "  MUE ", u.table(), ": ", u.value(), " units, MAI ", u.mai(),
                    u.rationale().empty() ? "" : ", ", u.rationale(), " (",
                    WindowText(u.window()), ")\n");
  }
  for (const v1::AddOnLink& a : m.add_on_primaries()) {
    absl::StrAppend(out, "  Add-on code (type ", a.type(), "), primary ",
                    a.primary().empty() ? "defined by the contractor" : a.primary(), " (",
                    WindowText(a.window()), ")\n");
  }
  for (const v1::AddOnLink& a : m.add_ons()) {
    absl::StrAppend(out, "  Primary of add-on ", a.add_on(), " (type ", a.type(), ", ",
                    WindowText(a.window()), ")\n");
  }
}

}  // namespace

std::string FormatLookup(const v1::LookupResult& result) {
  std::string out;
  for (int i = 0; i < result.matches_size(); ++i) {
    if (i > 0) out += "\n";
    FormatMatch(result.matches(i), result.date(), &out);
  }
  return out;
}

}  // namespace coderules
