// `coderules diff`: what changed from one pack to another, found by one merge over their sorted
// directories and rows.
#include "coderules/diff.h"

#include <algorithm>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/types/span.h"
#include "coderules/code.h"
#include "src/explore/display.h"
#include "src/internal/date.h"
#include "src/pack/pack_format.h"

namespace coderules {
namespace {

using internal::CodeSystem;
using internal::Day;
using internal::PackTables;
using internal::RowsOf;
using Kind = v1::PackDiff::Kind;

// Where a row's window ends: a PTP row's deletion date, others' end date.
Day EndOf(const internal::PtpRow& row) { return row.deletion; }
template <typename Row>
Day EndOf(const Row& row) {
  return row.end;
}

// Whether a row is an edit at all: a PTP row with indicator 9 is none.
bool Active(const internal::PtpRow& row) { return row.indicator != 9; }
template <typename Row>
bool Active(const Row&) {
  return true;
}

// Of two rows in effect on one day, whether the engine applies `a` rather than `b`: the stricter
// PTP indicator (0, then 1), the smaller MUE value; otherwise the first row.
bool Prefer(const internal::PtpRow& a, const internal::PtpRow& b) {
  return a.indicator == 0 && b.indicator != 0;
}
bool Prefer(const internal::MueRow& a, const internal::MueRow& b) { return a.value < b.value; }
template <typename Row>
bool Prefer(const Row&, const Row&) {
  return false;
}

// The row compared among a key's rows in one pack: with a day, the row the engine applies then,
// or, when none applies, the newest; without, the newest. Null when there are no rows.
template <typename Row>
const Row* Pick(absl::Span<const Row> rows, std::optional<Day> day) {
  const Row* newest = nullptr;
  const Row* applied = nullptr;
  for (const Row& row : rows) {
    if (newest == nullptr || std::make_pair(row.effective, EndOf(row)) >=
                                 std::make_pair(newest->effective, EndOf(*newest))) {
      newest = &row;
    }
    if (day && Active(row) && internal::InWindow(*day, row.effective, EndOf(row)) &&
        (applied == nullptr || Prefer(row, *applied))) {
      applied = &row;
    }
  }
  return applied != nullptr ? applied : newest;
}

// Whether the compared row is in force: it applies on the day, or, without a day, it has no end
// before `horizon` (kForever, or the end of the period a pack lists a code set whole).
template <typename Row>
bool InForce(const Row* row, std::optional<Day> day, Day horizon) {
  if (row == nullptr || !Active(*row)) return false;
  return day ? internal::InWindow(*day, row->effective, EndOf(*row)) : EndOf(*row) >= horizon;
}

// What became of one key, and the row compared in each pack.
template <typename Row>
struct Verdict {
  Kind kind = v1::PackDiff::KIND_UNSPECIFIED;
  const Row* before = nullptr;
  const Row* after = nullptr;
};

// The verdict on a key whose rows are `before` in the old pack and `after` in the new (see
// diff.h). `same_content(a, b)`: whether two rows say the same; `same_row(a, b)`: and have the
// same dates.
template <typename Row, typename SameContent, typename SameRow>
Verdict<Row> Judge(absl::Span<const Row> before, absl::Span<const Row> after,
                   std::optional<Day> day, Day old_horizon, Day new_horizon,
                   SameContent same_content, SameRow same_row) {
  Verdict<Row> v;
  v.before = Pick(before, day);
  v.after = Pick(after, day);
  const bool was = InForce(v.before, day, old_horizon);
  const bool is = InForce(v.after, day, new_horizon);
  if (is && !was) {
    v.kind = v1::PackDiff::ADDED;
  } else if (was && !is) {
    v.kind = after.empty() ? v1::PackDiff::REMOVED : v1::PackDiff::DELETED;
  } else if (was && !same_content(*v.before, *v.after)) {
    v.kind = v1::PackDiff::CHANGED;
  } else if (was && !same_row(*v.before, *v.after)) {
    v.kind = v1::PackDiff::REVISED;
  } else if (!day &&
             !std::equal(before.begin(), before.end(), after.begin(), after.end(), same_row)) {
    v.kind = v1::PackDiff::REVISED;
  }
  return v;
}

// Calls visit(key, old entry, new entry) for each key of either directory, in ascending order;
// the entry of a directory without the key is null.
template <typename Entry, typename Visit>
void MergeKeys(const internal::Directory<Entry>& a, const internal::Directory<Entry>& b,
               Visit visit) {
  size_t i = 0, j = 0;
  while (i < a.keys.size() || j < b.keys.size()) {
    if (j == b.keys.size() || (i < a.keys.size() && a.keys[i] < b.keys[j])) {
      visit(a.keys[i], &a.entries[i], nullptr);
      ++i;
    } else if (i == a.keys.size() || b.keys[j] < a.keys[i]) {
      visit(b.keys[j], nullptr, &b.entries[j]);
      ++j;
    } else {
      visit(a.keys[i], &a.entries[i], &b.entries[j]);
      ++i;
      ++j;
    }
  }
}

// Splits two runs of rows, each sorted by the key column beside it, into groups of one key, and
// calls visit(key, old rows, new rows) for each key of either run, in ascending order.
template <typename Row, typename Visit>
void MergeGroups(absl::Span<const Row> a, absl::Span<const uint32_t> a_keys,
                 absl::Span<const Row> b, absl::Span<const uint32_t> b_keys, Visit visit) {
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    const uint32_t key = i == a.size()   ? b_keys[j]
                         : j == b.size() ? a_keys[i]
                                         : std::min(a_keys[i], b_keys[j]);
    size_t i_end = i, j_end = j;
    while (i_end < a.size() && a_keys[i_end] == key) ++i_end;
    while (j_end < b.size() && b_keys[j_end] == key) ++j_end;
    visit(key, a.subspan(i, i_end - i), b.subspan(j, j_end - j));
    i = i_end;
    j = j_end;
  }
}

// The rows of `range` in `entry`, none when the entry is null.
template <typename Row, typename Entry>
absl::Span<const Row> RowsIn(absl::Span<const Row> rows, const Entry* entry,
                             internal::Range Entry::*range) {
  return entry == nullptr ? absl::Span<const Row>() : RowsOf(rows, entry->*range);
}

// Where a pack's list of the whole of `system` ends (see InForce); kForever when it has no end or
// the pack has none.
Day Horizon(const PackTables& t, CodeSystem system) {
  std::optional<Day> end;
  for (const internal::CoverageRow& c : t.coverage) {
    if (c.system == static_cast<uint8_t>(system)) end = std::max(end.value_or(c.end), c.end);
  }
  return end.value_or(internal::kForever);
}

// Whether a pack can say which codes of `system` are valid on `day`: it lists the whole set then,
// or it never claims to (a catalogue, taken as it is).
bool CanTell(const PackTables& t, CodeSystem system, Day day) {
  bool listed = false;
  for (const internal::CoverageRow& c : t.coverage) {
    if (c.system != static_cast<uint8_t>(system)) continue;
    if (internal::InWindow(day, c.effective, c.end)) return true;
    listed = true;
  }
  return !listed;
}

// The rationale text of a row of `pack`.
absl::string_view Rationale(const RulePack& pack, uint16_t index) {
  return index < pack.info().rationales_size() ? absl::string_view(pack.info().rationales(index))
                                               : absl::string_view();
}

v1::PtpEditRow PtpRowProto(const internal::PtpRow& row, const RulePack& pack) {
  v1::PtpEditRow out;
  *out.mutable_window() = internal::MakeWindow(row.effective, row.deletion);
  out.set_modifier_indicator(row.indicator);
  out.set_rationale(std::string(Rationale(pack, row.rationale)));
  return out;
}

v1::MueEditRow MueRowProto(const internal::MueRow& row, const RulePack& pack) {
  v1::MueEditRow out;
  *out.mutable_window() = internal::WindowOf(row);
  out.set_value(row.value);
  out.set_mai(row.mai);
  out.set_rationale(std::string(Rationale(pack, row.rationale)));
  return out;
}

v1::AddOnEditRow AddOnRowProto(const internal::AddOnRow& row) {
  v1::AddOnEditRow out;
  *out.mutable_window() = internal::WindowOf(row);
  out.set_type(row.type);
  return out;
}

class Differ {
 public:
  Differ(const RulePack& old_pack, const RulePack& new_pack, std::optional<Day> day,
         v1::PackDiff* out)
      : old_(old_pack),
        new_(new_pack),
        a_(old_pack.tables()),
        b_(new_pack.tables()),
        day_(day),
        out_(out) {}

  void Run() {
    const bool hcpcs = Compared(CodeSystem::kHcpcs, v1::HCPCS);
    MergeKeys(
        a_.procedures, b_.procedures,
        [&](uint64_t key, const internal::ProcedureEntry* x, const internal::ProcedureEntry* y) {
          const auto code = static_cast<ProcedureKey>(key);
          for (int t = 0; t < 2; ++t) {
            Ptp(t, code, x, y);
            Mue(t, code, x, y);
          }
          AddOn(code, x, y);
          if (hcpcs) {
            Code(v1::HCPCS, ProcedureCodeText(code),
                 RowsIn(a_.hcpcs, x, &internal::ProcedureEntry::hcpcs),
                 RowsIn(b_.hcpcs, y, &internal::ProcedureEntry::hcpcs), CodeSystem::kHcpcs);
          }
        });
    if (Compared(CodeSystem::kIcd10Cm, v1::ICD10CM)) {
      MergeKeys(a_.icd10cm, b_.icd10cm,
                [&](uint64_t key, const internal::IcdEntry* x, const internal::IcdEntry* y) {
                  const Billable before = BillableRows(a_, x), after = BillableRows(b_, y);
                  Code(v1::ICD10CM, Icd10CmDisplay(key), absl::MakeConstSpan(before),
                       absl::MakeConstSpan(after), CodeSystem::kIcd10Cm);
                });
    }
    if (Compared(CodeSystem::kIcd10Pcs, v1::ICD10PCS)) {
      MergeKeys(a_.icd10pcs, b_.icd10pcs,
                [&](uint64_t key, const internal::IcdEntry* x, const internal::IcdEntry* y) {
                  Code(v1::ICD10PCS, IcdCodeText(key),
                       RowsIn(a_.icd10pcs_validity, x, &internal::IcdEntry::validity),
                       RowsIn(b_.icd10pcs_validity, y, &internal::IcdEntry::validity),
                       CodeSystem::kIcd10Pcs);
                });
    }
    if (Compared(CodeSystem::kModifier, v1::MODIFIER)) {
      MergeKeys(a_.modifiers, b_.modifiers,
                [&](uint64_t key, const internal::RowsEntry* x, const internal::RowsEntry* y) {
                  Code(v1::MODIFIER, ModifierText(static_cast<ModifierKey>(key)),
                       RowsIn(a_.modifier_rows, x, &internal::RowsEntry::rows),
                       RowsIn(b_.modifier_rows, y, &internal::RowsEntry::rows),
                       CodeSystem::kModifier);
                });
    }
    if (Compared(CodeSystem::kPlaceOfService, v1::PLACE_OF_SERVICE)) {
      MergeKeys(a_.places_of_service, b_.places_of_service,
                [&](uint64_t key, const internal::RowsEntry* x, const internal::RowsEntry* y) {
                  Code(v1::PLACE_OF_SERVICE, absl::StrCat(key / 10, key % 10),
                       RowsIn(a_.place_of_service_rows, x, &internal::RowsEntry::rows),
                       RowsIn(b_.place_of_service_rows, y, &internal::RowsEntry::rows),
                       CodeSystem::kPlaceOfService);
                });
    }
    // The tables' changes, in the order PackDiff gives.
    for (auto& table : ptp_) {
      std::sort(table.begin(), table.end(), [](const auto& p, const auto& q) {
        return std::tie(p.column1, p.column2) < std::tie(q.column1, q.column2);
      });
      for (auto& p : table) *out_->add_ptp() = std::move(p.change);
    }
    for (auto& table : mue_) {
      for (auto& change : table) *out_->add_mue() = std::move(change);
    }
  }

 private:
  using Billable = absl::InlinedVector<internal::ValidityRow, 2>;

  // A PTP change and its pair, to be put in column-1 order.
  struct PendingPtp {
    ProcedureKey column1;
    ProcedureKey column2;
    v1::PtpChange change;
  };

  // The pairs of one column-2 code in PTP table `t`.
  void Ptp(int t, ProcedureKey column2, const internal::ProcedureEntry* x,
           const internal::ProcedureEntry* y) {
    const internal::PtpTable& pa = a_.ptp[t];
    const internal::PtpTable& pb = b_.ptp[t];
    const internal::Range ra = x != nullptr ? x->ptp[t] : internal::Range{0, 0};
    const internal::Range rb = y != nullptr ? y->ptp[t] : internal::Range{0, 0};
    if (ra.empty() && rb.empty()) return;
    auto same_content = [&](const internal::PtpRow& p, const internal::PtpRow& q) {
      return p.indicator == q.indicator &&
             Rationale(old_, p.rationale) == Rationale(new_, q.rationale);
    };
    auto same_row = [&](const internal::PtpRow& p, const internal::PtpRow& q) {
      return p.effective == q.effective && p.deletion == q.deletion && same_content(p, q);
    };
    MergeGroups(
        RowsOf(pa.rows, ra), RowsOf(pa.column1, ra), RowsOf(pb.rows, rb), RowsOf(pb.column1, rb),
        [&](uint32_t column1, absl::Span<const internal::PtpRow> before,
            absl::Span<const internal::PtpRow> after) {
          const Verdict<internal::PtpRow> v = Judge(before, after, day_, internal::kForever,
                                                    internal::kForever, same_content, same_row);
          if (v.kind == v1::PackDiff::KIND_UNSPECIFIED) return;
          PendingPtp p{column1, column2, {}};
          p.change.set_table(internal::TableName(t));
          p.change.set_column1(ProcedureCodeText(column1));
          p.change.set_column2(ProcedureCodeText(column2));
          p.change.set_kind(v.kind);
          if (v.before) *p.change.mutable_before() = PtpRowProto(*v.before, old_);
          if (v.after) *p.change.mutable_after() = PtpRowProto(*v.after, new_);
          ptp_[t].push_back(std::move(p));
        });
  }

  void Mue(int t, ProcedureKey code, const internal::ProcedureEntry* x,
           const internal::ProcedureEntry* y) {
    auto same_content = [&](const internal::MueRow& p, const internal::MueRow& q) {
      return p.value == q.value && p.mai == q.mai &&
             Rationale(old_, p.rationale) == Rationale(new_, q.rationale);
    };
    auto same_row = [&](const internal::MueRow& p, const internal::MueRow& q) {
      return p.effective == q.effective && p.end == q.end && same_content(p, q);
    };
    const Verdict<internal::MueRow> v =
        Judge(x != nullptr ? RowsOf(a_.mue[t], x->mue[t]) : absl::Span<const internal::MueRow>(),
              y != nullptr ? RowsOf(b_.mue[t], y->mue[t]) : absl::Span<const internal::MueRow>(),
              day_, internal::kForever, internal::kForever, same_content, same_row);
    if (v.kind == v1::PackDiff::KIND_UNSPECIFIED) return;
    v1::MueChange& change = mue_[t].emplace_back();
    change.set_table(internal::TableName(t));
    change.set_code(ProcedureCodeText(code));
    change.set_kind(v.kind);
    if (v.before) *change.mutable_before() = MueRowProto(*v.before, old_);
    if (v.after) *change.mutable_after() = MueRowProto(*v.after, new_);
  }

  // The (add-on, primary) pairs of one add-on code.
  void AddOn(ProcedureKey add_on, const internal::ProcedureEntry* x,
             const internal::ProcedureEntry* y) {
    const internal::Range ra = x != nullptr ? x->add_on : internal::Range{0, 0};
    const internal::Range rb = y != nullptr ? y->add_on : internal::Range{0, 0};
    if (ra.empty() && rb.empty()) return;
    auto same_content = [](const internal::AddOnRow& p, const internal::AddOnRow& q) {
      return p.type == q.type;
    };
    auto same_row = [](const internal::AddOnRow& p, const internal::AddOnRow& q) {
      return p.effective == q.effective && p.end == q.end && p.type == q.type;
    };
    MergeGroups(RowsOf(a_.add_on, ra), RowsOf(a_.add_on_primary, ra), RowsOf(b_.add_on, rb),
                RowsOf(b_.add_on_primary, rb),
                [&](uint32_t primary, absl::Span<const internal::AddOnRow> before,
                    absl::Span<const internal::AddOnRow> after) {
                  const Verdict<internal::AddOnRow> v =
                      Judge(before, after, day_, internal::kForever, internal::kForever,
                            same_content, same_row);
                  if (v.kind == v1::PackDiff::KIND_UNSPECIFIED) return;
                  v1::AddOnChange* change = out_->add_add_on();
                  change->set_add_on(ProcedureCodeText(add_on));
                  if (primary != internal::kContractorPrimary) {
                    change->set_primary(ProcedureCodeText(primary));
                  }
                  change->set_kind(v.kind);
                  if (v.before) *change->mutable_before() = AddOnRowProto(*v.before);
                  if (v.after) *change->mutable_after() = AddOnRowProto(*v.after);
                });
  }

  // A code of a code set: added, deleted or no longer listed, judged by its validity windows.
  template <typename Row>
  void Code(v1::CodeSystem system, std::string code, absl::Span<const Row> before,
            absl::Span<const Row> after, CodeSystem set) {
    if (before.empty() && after.empty()) return;
    auto same = [](const Row&, const Row&) { return true; };
    const Verdict<Row> v =
        Judge(before, after, day_, Horizon(a_, set), Horizon(b_, set), same, same);
    // Windows that change while the code stays in force, or out of force, are no news to a coder.
    if (v.kind != v1::PackDiff::ADDED && v.kind != v1::PackDiff::DELETED &&
        v.kind != v1::PackDiff::REMOVED) {
      return;
    }
    v1::CodeChange* change = out_->add_codes();
    change->set_system(system);
    change->set_code(std::move(code));
    change->set_kind(v.kind);
    if (v.before) *change->mutable_before() = internal::WindowOf(*v.before);
    if (v.after) *change->mutable_after() = internal::WindowOf(*v.after);
  }

  static Billable BillableRows(const PackTables& t, const internal::IcdEntry* entry) {
    Billable rows;
    if (entry == nullptr) return rows;
    for (const internal::ValidityRow& row : RowsOf(t.icd10cm_validity, entry->validity)) {
      if (row.billable != 0) rows.push_back(row);
    }
    return rows;
  }

  // Whether the code set `system` is compared: always without a day; with one, when both packs
  // can tell which of its codes are valid then. Records a set left out.
  bool Compared(CodeSystem system, v1::CodeSystem name) {
    if (!day_ || (CanTell(a_, system, *day_) && CanTell(b_, system, *day_))) return true;
    out_->add_not_compared(name);
    return false;
  }

  const RulePack& old_;
  const RulePack& new_;
  const PackTables& a_;
  const PackTables& b_;
  std::optional<Day> day_;
  v1::PackDiff* out_;
  std::vector<PendingPtp> ptp_[2];
  std::vector<v1::MueChange> mue_[2];
};

}  // namespace

absl::StatusOr<v1::PackDiff> DiffPacks(const RulePack& old_pack, const RulePack& new_pack,
                                       absl::string_view date) {
  v1::PackDiff diff;
  diff.set_old_version(old_pack.version());
  diff.set_new_version(new_pack.version());
  std::optional<Day> day;
  if (!date.empty()) {
    day = internal::ParseIsoDate(date);
    if (!day) return absl::InvalidArgumentError("the date is not a YYYY-MM-DD date");
    diff.set_date(internal::FormatIsoDate(*day));
  }
  Differ(old_pack, new_pack, day, &diff).Run();
  return diff;
}

namespace {

// A row as named fields, to describe it or to say what changed in it; "none" for no value.
using Fields = std::vector<std::pair<const char*, std::string>>;

std::string DateOrNone(const std::string& date) { return date.empty() ? "none" : date; }
std::string QuotedOrNone(const std::string& text) {
  return text.empty() ? "none" : absl::StrCat("\"", text, "\"");
}

Fields FieldsOf(const v1::PtpEditRow& r) {
  return {{"indicator", absl::StrCat(r.modifier_indicator())},
          {"effective", DateOrNone(r.window().effective())},
          {"deletion", DateOrNone(r.window().end())},
          {"rationale", QuotedOrNone(r.rationale())}};
}
Fields FieldsOf(const v1::MueEditRow& r) {
  return {{"value", absl::StrCat(r.value())},
          {"MAI", absl::StrCat(r.mai())},
          {"effective", DateOrNone(r.window().effective())},
          {"end", DateOrNone(r.window().end())},
          {"rationale", QuotedOrNone(r.rationale())}};
}
Fields FieldsOf(const v1::AddOnEditRow& r) {
  return {{"type", absl::StrCat(r.type())},
          {"effective", DateOrNone(r.window().effective())},
          {"end", DateOrNone(r.window().end())}};
}
Fields FieldsOf(const v1::Window& w) {
  return {{"effective", DateOrNone(w.effective())}, {"end", DateOrNone(w.end())}};
}

// "indicator 1, effective 2014-01-01": the fields that have a value.
std::string Describe(const Fields& row) {
  std::vector<std::string> parts;
  for (const auto& [name, value] : row) {
    if (value != "none") parts.push_back(absl::StrCat(name, " ", value));
  }
  return absl::StrJoin(parts, ", ");
}

// "indicator 1 -> 0, effective 2014-01-01 -> 2018-01-01": the fields that differ.
std::string Changes(const Fields& before, const Fields& after) {
  std::vector<std::string> parts;
  for (size_t i = 0; i < before.size(); ++i) {
    if (before[i].second != after[i].second) {
      parts.push_back(
          absl::StrCat(before[i].first, " ", before[i].second, " -> ", after[i].second));
    }
  }
  return absl::StrJoin(parts, ", ");
}

// The window of a row, or the window a code change carries.
const v1::Window& WindowIn(const v1::Window& w) { return w; }
template <typename Row>
const v1::Window& WindowIn(const Row& row) {
  return row.window();
}

// What a change's line says after its key.
template <typename Change>
std::string Detail(const Change& c) {
  const bool before = c.has_before(), after = c.has_after();
  switch (c.kind()) {
    case v1::PackDiff::ADDED:
      return before ? absl::StrCat(Describe(FieldsOf(c.after())), " (was ",
                                   Describe(FieldsOf(c.before())), ")")
                    : Describe(FieldsOf(c.after()));
    case v1::PackDiff::DELETED:
      return absl::StrCat(Changes(FieldsOf(c.before()), FieldsOf(c.after())),
                          WindowIn(c.after()).effective() == WindowIn(c.after()).end()
                              ? " (retroactive: deleted as of its effective date)"
                              : "");
    case v1::PackDiff::REMOVED:
      return Describe(FieldsOf(c.before()));
    default:
      if (!before) return absl::StrCat("new in the table: ", Describe(FieldsOf(c.after())));
      if (!after) return absl::StrCat("gone from the table: ", Describe(FieldsOf(c.before())));
      const std::string changes = Changes(FieldsOf(c.before()), FieldsOf(c.after()));
      return changes.empty() ? "an earlier window changed" : changes;
  }
}

struct Section {
  const char* label;  // in the summary: "2 added"
  const char* title;  // over the list: "Added (2):"
  std::vector<std::string> lines;
};

struct Category {
  std::string name;
  std::string keys;  // what a line starts with, e.g. "column 1 / column 2"
  bool not_compared = false;
  std::vector<Section> sections;
};

// A table's sections, in the order shown: added, deleted, removed, the `changed` ones, revised.
std::vector<Section> TableSections(std::vector<Section> changed) {
  std::vector<Section> s = {{"added", "Added", {}},
                            {"deleted", "Deleted", {}},
                            {"removed", "Removed from the table", {}}};
  for (Section& c : changed) s.push_back(std::move(c));
  s.push_back({"revised", "Revised", {}});
  return s;
}

// The index of a change's section among TableSections(): by kind, a CHANGED one at the `changed`
// section of `changed_count`.
size_t SectionOf(Kind kind, size_t changed, size_t changed_count) {
  switch (kind) {
    case v1::PackDiff::ADDED:
      return 0;
    case v1::PackDiff::DELETED:
      return 1;
    case v1::PackDiff::REMOVED:
      return 2;
    case v1::PackDiff::CHANGED:
      return 3 + changed;
    default:
      return 3 + changed_count;
  }
}

const char* CodeSetName(v1::CodeSystem system) {
  switch (system) {
    case v1::HCPCS:
      return "HCPCS Level II codes";
    case v1::ICD10CM:
      return "ICD-10-CM billable codes";
    case v1::ICD10PCS:
      return "ICD-10-PCS codes";
    case v1::MODIFIER:
      return "Modifiers";
    default:
      return "Places of service";
  }
}

}  // namespace

std::string FormatDiff(const v1::PackDiff& diff, int limit) {
  std::vector<Category> categories;
  // A line, "key  detail", goes to section `index` of the last category; there is none for a
  // kind that DiffPacks does not give the category.
  auto add = [&](size_t index, const std::string& key, const std::string& detail) {
    std::vector<Section>& sections = categories.back().sections;
    if (index >= sections.size()) return;
    sections[index].lines.push_back(detail.empty() ? key : absl::StrCat(key, "  ", detail));
  };
  constexpr std::pair<const char*, const char*> kTables[] = {
      {"practitioner", "practitioner"}, {"outpatient_hospital", "outpatient hospital"}};
  // CHANGED goes by what changed: the PTP indicator, then the rationale.
  for (const auto& [table, table_name] : kTables) {
    Category& c = categories.emplace_back();
    c.name = absl::StrCat("NCCI PTP ", table_name);
    c.keys = "column 1 / column 2";
    c.sections = TableSections({{"indicator 0 -> 1", "Modifier indicator 0 -> 1", {}},
                                {"indicator 1 -> 0", "Modifier indicator 1 -> 0", {}},
                                {"rationale changed", "Rationale changed", {}}});
    for (const v1::PtpChange& p : diff.ptp()) {
      if (p.table() != table) continue;
      const size_t changed = p.before().modifier_indicator() != p.after().modifier_indicator()
                                 ? (p.before().modifier_indicator() == 0 ? 0 : 1)
                                 : 2;
      add(SectionOf(p.kind(), changed, 3), absl::StrCat(p.column1(), " / ", p.column2()),
          Detail(p));
    }
  }
  // MUE: the value, then the MAI, then the rationale.
  for (const auto& [table, table_name] : kTables) {
    Category& c = categories.emplace_back();
    c.name = absl::StrCat("NCCI MUE ", table_name);
    c.keys = "code";
    c.sections = TableSections({{"value changed", "Value changed", {}},
                                {"MAI changed", "MAI changed", {}},
                                {"rationale changed", "Rationale changed", {}}});
    for (const v1::MueChange& m : diff.mue()) {
      if (m.table() != table) continue;
      const size_t changed = m.before().value() != m.after().value() ? 0
                             : m.before().mai() != m.after().mai()   ? 1
                                                                     : 2;
      add(SectionOf(m.kind(), changed, 3), m.code(), Detail(m));
    }
  }
  {
    Category& c = categories.emplace_back();
    c.name = "Add-on codes";
    c.keys = "add-on code + primary";
    c.sections = TableSections({{"type changed", "Type changed", {}}});
    for (const v1::AddOnChange& a : diff.add_on()) {
      add(SectionOf(a.kind(), 0, 1),
          absl::StrCat(a.add_on(), " + ",
                       a.primary().empty() ? "contractor-defined primaries" : a.primary()),
          Detail(a));
    }
  }
  for (v1::CodeSystem system :
       {v1::HCPCS, v1::ICD10CM, v1::ICD10PCS, v1::MODIFIER, v1::PLACE_OF_SERVICE}) {
    Category& c = categories.emplace_back();
    c.name = CodeSetName(system);
    c.not_compared = std::find(diff.not_compared().begin(), diff.not_compared().end(), system) !=
                     diff.not_compared().end();
    c.sections = {{"added", "Added", {}},
                  {"deleted", "Deleted", {}},
                  {"no longer listed", "No longer listed", {}}};
    for (const v1::CodeChange& k : diff.codes()) {
      if (k.system() != system) continue;
      add(SectionOf(k.kind(), 0, 0), k.code(), Detail(k));
    }
  }

  std::string out =
      absl::StrCat("Old pack: ", diff.old_version(), "\nNew pack: ", diff.new_version(), "\n");
  absl::StrAppend(&out, "Compared: ",
                  diff.date().empty() ? "the newest row of each edit and code"
                                      : absl::StrCat("the rows in effect on ", diff.date()),
                  "\nDates: a deletion or end date is the first day a row no longer applies.\n");
  absl::StrAppend(&out, "\nSummary\n");
  for (const Category& c : categories) {
    std::vector<std::string> counts;
    for (const Section& s : c.sections) {
      if (!s.lines.empty()) counts.push_back(absl::StrCat(s.lines.size(), " ", s.label));
    }
    absl::StrAppend(&out, "  ", c.name, ": ",
                    c.not_compared   ? "not compared (a pack does not list the whole set then)"
                    : counts.empty() ? "no changes"
                                     : absl::StrJoin(counts, ", "),
                    "\n");
  }
  for (const Category& c : categories) {
    bool named = false;
    for (const Section& s : c.sections) {
      if (s.lines.empty()) continue;
      if (!named) {
        absl::StrAppend(&out, "\n", c.name, c.keys.empty() ? "" : absl::StrCat(" (", c.keys, ")"),
                        "\n");
        named = true;
      }
      absl::StrAppend(&out, "  ", s.title, " (", s.lines.size(), "):\n");
      const size_t shown =
          limit > 0 ? std::min(s.lines.size(), static_cast<size_t>(limit)) : s.lines.size();
      for (size_t i = 0; i < shown; ++i) absl::StrAppend(&out, "    ", s.lines[i], "\n");
      if (shown < s.lines.size()) {
        absl::StrAppend(&out, "    ... and ", s.lines.size() - shown, " more\n");
      }
    }
  }
  return out;
}

}  // namespace coderules
