#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <tuple>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "coderules/code.h"
#include "coderules/rule_pack.h"
#include "re2/re2.h"
#include "src/import/code_sets.h"
#include "src/import/detect.h"
#include "src/import/ncci.h"
#include "src/import/table_reader.h"
#include "src/internal/status_macros.h"
#include "src/pack/pack_format.h"
#include "src/pack/staged.h"

namespace coderules {

absl::string_view SourceKindName(SourceKind kind) {
  switch (kind) {
    case SourceKind::kRules:
      return "rules";
    case SourceKind::kPtpPractitioner:
      return "ptp-practitioner";
    case SourceKind::kPtpFacility:
      return "ptp-facility";
    case SourceKind::kMuePractitioner:
      return "mue-practitioner";
    case SourceKind::kMueFacility:
      return "mue-facility";
    case SourceKind::kAddOn:
      return "aoc";
    case SourceKind::kIcd10CmOrder:
      return "icd10cm-order";
    case SourceKind::kIcd10CmTabular:
      return "icd10cm-tabular";
    case SourceKind::kIcd10Validity:
      return "icd10-validity";
    case SourceKind::kMceLists:
      return "mce-lists";
    case SourceKind::kHcpcs:
      return "hcpcs";
    case SourceKind::kMpfs:
      return "mpfs";
    case SourceKind::kDetect:
      return "detect";
  }
  return "unknown";
}

namespace internal {

// The rows of one snapshot release (Staged::release), kept apart until Build ends them where a
// later release of the same kind begins.
struct ReleaseRows {
  SourceKind kind;
  StagedRelease period;
  Staged rows;
};

struct BuilderState {
  Staged rows;
  std::vector<ReleaseRows> releases;
  v1::PackInfo info;
  absl::flat_hash_map<std::string, uint16_t> rationale_index;
  absl::flat_hash_map<std::string, uint32_t> text_index;
};

namespace {

std::string BaseName(absl::string_view path) {
  const size_t slash = path.find_last_of('/');
  return std::string(slash == absl::string_view::npos ? path : path.substr(slash + 1));
}

// The version a published file's name carries: "ccipra-v321r0-f1.txt" -> "v321r0",
// "..._Eff_10-01-2025.csv" -> "2025-10-01", "AOC_V2025Q4-MCR.csv" -> "2025Q4".
std::string VersionFromName(const std::string& name) {
  static const LazyRE2 kRelease = {R"((?i)\b[a-z]*(v\d+r\d+))"};
  static const LazyRE2 kEffective = {R"((?i)eff_(\d\d)-(\d\d)-(\d{4}))"};
  static const LazyRE2 kQuarter = {R"((?i)v(\d{4}q\d))"};
  std::string a, b, c;
  if (RE2::PartialMatch(name, *kQuarter, &a)) {
    for (char& ch : a) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    return a;
  }
  if (RE2::PartialMatch(name, *kRelease, &a)) return a;
  if (RE2::PartialMatch(name, *kEffective, &a, &b, &c)) return absl::StrCat(c, "-", a, "-", b);
  return "";
}

// Writes sections after a header and a directory sized up front.
class PackWriter {
 public:
  template <typename T>
  void Add(uint32_t id, const std::vector<T>& items) {
    Add(id, sizeof(T), items.size(), items.data());
  }
  void Add(uint32_t id, uint32_t element_size, uint64_t count, const void* data) {
    sections_.push_back({id, element_size, 0, count});
    data_.push_back(std::string(static_cast<const char*>(data), element_size * count));
  }

  std::string Finish() && {
    std::string out(sizeof(FileHeader) + sections_.size() * sizeof(SectionEntry), '\0');
    for (size_t i = 0; i < sections_.size(); ++i) {
      out.resize((out.size() + 7) / 8 * 8, '\0');
      sections_[i].offset = out.size();
      out += data_[i];
    }
    std::memcpy(out.data() + sizeof(FileHeader), sections_.data(),
                sections_.size() * sizeof(SectionEntry));
    FileHeader header{};
    std::memcpy(header.magic, kPackMagic, sizeof(kPackMagic));
    header.format_version = kPackFormatVersion;
    header.section_count = static_cast<uint32_t>(sections_.size());
    header.file_size = out.size();
    header.checksum = XXH3_64bits(out.data() + sizeof(FileHeader), out.size() - sizeof(FileHeader));
    std::memcpy(out.data(), &header, sizeof(header));
    return out;
  }

 private:
  std::vector<SectionEntry> sections_;
  std::vector<std::string> data_;
};

// The codes of one directory: collected from every row table, then sealed into sorted keys and
// one entry each.
template <typename Entry>
class DirectoryBuilder {
 public:
  void Add(uint64_t key) { keys_.push_back(key); }
  void Seal() {
    std::sort(keys_.begin(), keys_.end());
    keys_.erase(std::unique(keys_.begin(), keys_.end()), keys_.end());
    entries_.assign(keys_.size(), Entry{});
  }
  Entry& At(uint64_t key) {
    return entries_[std::lower_bound(keys_.begin(), keys_.end(), key) - keys_.begin()];
  }
  void Write(uint32_t keys_id, PackWriter& writer) {
    uint64_t capacity = 1;
    while (capacity < 2 * keys_.size()) capacity *= 2;
    std::vector<uint32_t> slots(capacity, 0);
    for (size_t i = 0; i < keys_.size(); ++i) {
      uint64_t slot = MixKey(keys_[i]) & (capacity - 1);
      while (slots[slot] != 0) slot = (slot + 1) & (capacity - 1);
      slots[slot] = static_cast<uint32_t>(i + 1);
    }
    writer.Add(keys_id, keys_);
    writer.Add(keys_id + 1, slots);
    writer.Add(keys_id + 2, entries_);
  }

 private:
  std::vector<uint64_t> keys_;
  std::vector<Entry> entries_;
};

// Sorts staged rows by key and `order`, converts them, and records each key's range through
// `range_of`. The staged vector is left sorted, for tables that keep a column beside the rows.
template <typename Row, typename StagedRow, typename Entry, typename KeyOf, typename Order,
          typename ToRow, typename RangeOf>
std::vector<Row> Group(std::vector<StagedRow>& staged, KeyOf key_of, Order order, ToRow to_row,
                       DirectoryBuilder<Entry>& directory, RangeOf range_of) {
  std::stable_sort(staged.begin(), staged.end(), [&](const StagedRow& a, const StagedRow& b) {
    return std::make_tuple(key_of(a), order(a)) < std::make_tuple(key_of(b), order(b));
  });
  std::vector<Row> rows;
  rows.reserve(staged.size());
  Range* range = nullptr;
  for (size_t i = 0; i < staged.size(); ++i) {
    if (i == 0 || key_of(staged[i]) != key_of(staged[i - 1])) {
      range = &range_of(directory.At(key_of(staged[i])));
      *range = {static_cast<uint32_t>(i), 0};
    }
    ++range->count;
    rows.push_back(to_row(staged[i]));
  }
  return rows;
}

// Drops rows identical to an earlier one (same key and `identity`), counting each against its
// source in `info`.
template <typename StagedRow, typename Identity>
void KeepOnce(std::vector<StagedRow>& staged, Identity identity, v1::PackInfo& info) {
  std::stable_sort(staged.begin(), staged.end(), [&](const StagedRow& a, const StagedRow& b) {
    return std::make_tuple(identity(a), a.source) < std::make_tuple(identity(b), b.source);
  });
  size_t kept = 0;
  for (size_t i = 0; i < staged.size(); ++i) {
    if (kept > 0 && identity(staged[i]) == identity(staged[kept - 1])) {
      v1::PackSource* source = info.mutable_sources(staged[i].source);
      source->set_rows_duplicate(source->rows_duplicate() + 1);
      continue;
    }
    staged[kept++] = staged[i];
  }
  staged.resize(kept);
}

// Header windows of ICD-10-CM: every proper prefix of three or more characters of a billable
// code is a header while the code is valid. Overlapping windows of a prefix are merged.
std::vector<StagedIcdValidity> DeriveHeaders(const std::vector<StagedIcdValidity>& billable) {
  std::vector<StagedIcdValidity> headers;
  for (const StagedIcdValidity& row : billable) {
    if (!row.billable) continue;
    const std::string code = IcdCodeText(row.code);
    for (size_t length = 3; length < code.size(); ++length) {
      headers.push_back({*PackIcd10Cm(code.substr(0, length)), row.effective, row.end, false});
    }
  }
  std::sort(headers.begin(), headers.end(), [](const auto& a, const auto& b) {
    return std::tie(a.code, a.effective, a.end) < std::tie(b.code, b.effective, b.end);
  });
  std::vector<StagedIcdValidity> merged;
  for (const StagedIcdValidity& h : headers) {
    if (!merged.empty() && merged.back().code == h.code && h.effective <= merged.back().end) {
      merged.back().end = std::max(merged.back().end, h.end);
    } else {
      merged.push_back(h);
    }
  }
  return merged;
}

// Ends every window of `rows` at `cut` at the latest, dropping the windows that become empty.
template <typename Row>
void EndWindows(std::vector<Row>& rows, Day cut) {
  for (Row& row : rows) row.end = std::min(row.end, cut);
  rows.erase(std::remove_if(rows.begin(), rows.end(),
                            [](const Row& row) { return row.end <= row.effective; }),
             rows.end());
}

// Appends the releases' rows to `out`, each release's windows ended where the next release of its
// kind begins (that release lists whatever is still in effect). Returns the ICD-10-CM validity
// rows, which come from order files and only count when no validity file gives exact windows.
std::vector<StagedIcdValidity> MergeReleases(std::vector<ReleaseRows>& releases, Staged& out) {
  std::stable_sort(releases.begin(), releases.end(), [](const ReleaseRows& a, const ReleaseRows& b) {
    return std::make_tuple(a.kind, a.period.effective) < std::make_tuple(b.kind, b.period.effective);
  });
  std::vector<StagedIcdValidity> validity;
  for (size_t i = 0; i < releases.size(); ++i) {
    Staged& r = releases[i].rows;
    for (size_t j = i + 1; j < releases.size() && releases[j].kind == releases[i].kind; ++j) {
      if (releases[j].period.effective == releases[i].period.effective) continue;
      const Day cut = releases[j].period.effective;
      EndWindows(r.coverage, cut);
      EndWindows(r.icd10cm_validity, cut);
      EndWindows(r.icd10cm_names, cut);
      EndWindows(r.icd10cm_notes, cut);
      EndWindows(r.icd10cm_seventh, cut);
      EndWindows(r.hcpcs, cut);
      EndWindows(r.modifiers, cut);
      EndWindows(r.fee_schedule, cut);
      break;
    }
    auto move = [](auto& from, auto& to) {
      to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
    };
    move(r.coverage, out.coverage);
    move(r.icd10cm_validity, validity);
    move(r.icd10cm_names, out.icd10cm_names);
    move(r.icd10cm_notes, out.icd10cm_notes);
    move(r.icd10cm_seventh, out.icd10cm_seventh);
    move(r.hcpcs, out.hcpcs);
    move(r.modifiers, out.modifiers);
    move(r.fee_schedule, out.fee_schedule);
  }
  return validity;
}

std::vector<uint64_t> MakeFilter(const std::vector<StagedPtp>& rows) {
  // 8 to 16 bits a row: a few percent of absent pairs pass.
  uint64_t words = 1;
  while (words * 64 < 8 * rows.size()) words *= 2;
  std::vector<uint64_t> filter(words, 0);
  for (const StagedPtp& row : rows) {
    const FilterSlot slot = FilterSlotOf(row.column2, row.column1, words);
    filter[slot.word] |= slot.bits;
  }
  return filter;
}

}  // namespace
}  // namespace internal

using internal::BuilderState;

PackBuilder::PackBuilder(std::string version) : state_(std::make_unique<BuilderState>()) {
  state_->info.set_version(std::move(version));
}
PackBuilder::~PackBuilder() = default;
PackBuilder::PackBuilder(PackBuilder&&) noexcept = default;
PackBuilder& PackBuilder::operator=(PackBuilder&&) noexcept = default;

absl::StatusOr<ImportReport> PackBuilder::AddFile(SourceKind kind, const std::string& path) {
  CODERULES_ASSIGN_OR_RETURN(std::string contents, internal::ReadSourceFile(path));
  return AddContents(kind, internal::BaseName(path), contents);
}

absl::StatusOr<ImportReport> PackBuilder::AddContents(SourceKind kind, absl::string_view name,
                                                      absl::string_view contents) {
  using namespace internal;  // NOLINT: the importers
  if (state_ == nullptr) return absl::FailedPreconditionError("PackBuilder was used up by Build");
  if (kind == SourceKind::kDetect) {
    CODERULES_ASSIGN_OR_RETURN(kind, DetectSourceKind(name, contents));
  }
  ImportReport report;
  report.file = std::string(name);
  report.kind = kind;
  report.version = VersionFromName(report.file);
  Staged staged;
  switch (kind) {
    case SourceKind::kRules:
      CODERULES_RETURN_IF_ERROR(ImportRuleSet(contents, &staged, &report));
      break;
    case SourceKind::kPtpPractitioner:
    case SourceKind::kPtpFacility:
      CODERULES_RETURN_IF_ERROR(
          ImportPtp(contents, kind == SourceKind::kPtpFacility, &staged, &report));
      break;
    case SourceKind::kMuePractitioner:
    case SourceKind::kMueFacility:
      CODERULES_RETURN_IF_ERROR(
          ImportMue(contents, kind == SourceKind::kMueFacility, &staged, &report));
      break;
    case SourceKind::kAddOn:
      CODERULES_RETURN_IF_ERROR(ImportAddOn(contents, &staged, &report));
      break;
    case SourceKind::kIcd10CmOrder:
      CODERULES_RETURN_IF_ERROR(ImportIcd10CmOrder(contents, &staged, &report));
      break;
    case SourceKind::kIcd10CmTabular:
      CODERULES_RETURN_IF_ERROR(ImportIcd10CmTabular(contents, &staged, &report));
      break;
    case SourceKind::kIcd10Validity:
      CODERULES_RETURN_IF_ERROR(ImportIcd10Validity(contents, &staged, &report));
      break;
    case SourceKind::kMceLists:
      CODERULES_RETURN_IF_ERROR(ImportMceLists(contents, &staged, &report));
      break;
    case SourceKind::kHcpcs:
      CODERULES_RETURN_IF_ERROR(ImportHcpcs(contents, &staged, &report));
      break;
    case SourceKind::kMpfs:
      CODERULES_RETURN_IF_ERROR(ImportMpfs(contents, &staged, &report));
      break;
    case SourceKind::kDetect:
      return absl::InternalError("source kind not detected");
  }

  // Merge: renumber rationales and texts into the pack's tables and stamp the source index.
  BuilderState& state = *state_;
  if (state.info.sources_size() >= UINT16_MAX) {
    return absl::ResourceExhaustedError("a pack holds at most 65535 sources");
  }
  std::vector<uint32_t> rationale_map;
  for (std::string& text : staged.rationales) {
    auto it = state.rationale_index.find(text);
    if (it == state.rationale_index.end()) {
      if (state.info.rationales_size() >= UINT16_MAX) {
        return absl::ResourceExhaustedError("a pack holds at most 65535 distinct rationales");
      }
      it = state.rationale_index.emplace(text, state.info.rationales_size()).first;
      state.info.add_rationales(std::move(text));
    }
    rationale_map.push_back(it->second);
  }
  std::vector<uint32_t> text_map;
  for (std::string& text : staged.texts) {
    auto [it, inserted] =
        state.text_index.try_emplace(text, static_cast<uint32_t>(state.rows.texts.size()));
    if (inserted) state.rows.texts.push_back(std::move(text));
    text_map.push_back(it->second);
  }
  auto text = [&](uint32_t& index) {
    if (index != kNoText) index = text_map[index];
  };
  const auto source = static_cast<uint16_t>(state.info.sources_size());
  v1::PackSource* s = state.info.add_sources();
  s->set_name(report.file);
  s->set_version(report.version);
  s->set_kind(std::string(SourceKindName(kind)));
  s->set_rows_read(report.rows_read);
  s->set_rows_accepted(report.rows_accepted);
  s->set_rows_rejected(report.rows_rejected);

  auto append = [](auto& from, auto& to, auto fix) {
    for (auto& row : from) {
      fix(row);
      to.push_back(std::move(row));
    }
  };
  auto ncci = [&](auto& row) {
    row.source = source;
    row.rationale = rationale_map[row.rationale];
  };
  Staged* target = &state.rows;
  if (staged.release) {
    state.releases.push_back({kind, *staged.release, {}});
    target = &state.releases.back().rows;
  }
  Staged& rows = *target;
  append(staged.ptp_practitioner, rows.ptp_practitioner, ncci);
  append(staged.ptp_facility, rows.ptp_facility, ncci);
  append(staged.mue_practitioner, rows.mue_practitioner, ncci);
  append(staged.mue_facility, rows.mue_facility, ncci);
  append(staged.add_on, rows.add_on, [&](StagedAddOn& row) { row.source = source; });
  append(staged.coverage, rows.coverage, [](StagedCoverage&) {});
  append(staged.icd10cm_validity, rows.icd10cm_validity, [](StagedIcdValidity&) {});
  append(staged.icd10pcs_validity, rows.icd10pcs_validity, [](StagedIcdValidity&) {});
  append(staged.icd10cm_names, rows.icd10cm_names, [&](StagedIcdName& row) {
    text(row.short_title);
    text(row.long_title);
  });
  append(staged.icd10cm_notes, rows.icd10cm_notes, [&](StagedIcdNote& row) { text(row.text); });
  append(staged.icd10cm_seventh, rows.icd10cm_seventh, [&](StagedSeventh& row) { text(row.text); });
  append(staged.icd10cm_lists, rows.icd10cm_lists,
         [&](StagedListMembership& row) { text(row.list); });
  append(staged.icd10pcs_lists, rows.icd10pcs_lists,
         [&](StagedListMembership& row) { text(row.list); });
  append(staged.hcpcs, rows.hcpcs, [&](StagedHcpcs& row) {
    text(row.short_title);
    text(row.long_title);
  });
  append(staged.modifiers, rows.modifiers, [&](StagedModifier& row) { text(row.title); });
  append(staged.fee_schedule, rows.fee_schedule, [](StagedFeeSchedule&) {});
  append(staged.places_of_service, rows.places_of_service,
         [&](StagedPlaceOfService& row) { text(row.name); });
  return report;
}

absl::StatusOr<std::string> PackBuilder::Build() && {
  using namespace internal;  // NOLINT: the pack layout's names
  if (state_ == nullptr) return absl::FailedPreconditionError("PackBuilder was used up by Build");
  std::unique_ptr<BuilderState> state = std::move(state_);
  Staged& s = state->rows;
  v1::PackInfo& info = state->info;
  if (s.texts.size() >= kNoText) return absl::ResourceExhaustedError("too many texts");
  std::vector<StagedIcdValidity> release_validity = MergeReleases(state->releases, s);
  PackWriter writer;

  // Texts.
  std::vector<uint32_t> offsets = {0};
  std::string bytes;
  for (const std::string& t : s.texts) {
    bytes += t;
    if (bytes.size() >= UINT32_MAX) return absl::ResourceExhaustedError("texts over 4 GiB");
    offsets.push_back(static_cast<uint32_t>(bytes.size()));
  }
  writer.Add(kTextOffsets, offsets);
  writer.Add(kTextBytes, 1, bytes.size(), bytes.data());
  std::vector<CoverageRow> coverage;
  for (const StagedCoverage& c : s.coverage) {
    coverage.push_back({c.effective, c.end, static_cast<uint8_t>(c.system), {}});
  }
  writer.Add(kCoverageRows, coverage);

  // ICD-10-CM validity: a validity file's exact windows win over order files' release periods.
  if (s.icd10cm_validity.empty()) s.icd10cm_validity = std::move(release_validity);
  s.icd10cm_validity.erase(
      std::remove_if(s.icd10cm_validity.begin(), s.icd10cm_validity.end(),
                     [](const StagedIcdValidity& row) { return !row.billable; }),
      s.icd10cm_validity.end());
  std::vector<StagedIcdValidity> headers = DeriveHeaders(s.icd10cm_validity);
  s.icd10cm_validity.insert(s.icd10cm_validity.end(), headers.begin(), headers.end());

  // Procedure codes.
  KeepOnce(
      s.ptp_practitioner,
      [](const StagedPtp& r) {
        return std::make_tuple(r.column2, r.column1, r.effective, r.deletion, r.indicator,
                               r.rationale);
      },
      info);
  KeepOnce(
      s.ptp_facility,
      [](const StagedPtp& r) {
        return std::make_tuple(r.column2, r.column1, r.effective, r.deletion, r.indicator,
                               r.rationale);
      },
      info);
  auto mue_identity = [](const StagedMue& r) {
    return std::make_tuple(r.code, r.effective, r.end, r.value, r.mai, r.rationale);
  };
  KeepOnce(s.mue_practitioner, mue_identity, info);
  KeepOnce(s.mue_facility, mue_identity, info);
  KeepOnce(
      s.add_on,
      [](const StagedAddOn& r) {
        return std::make_tuple(r.add_on, r.primary, r.effective, r.end, r.type);
      },
      info);
  DirectoryBuilder<ProcedureEntry> procedures;
  for (const auto* table : {&s.ptp_practitioner, &s.ptp_facility}) {
    for (const StagedPtp& r : *table) procedures.Add(r.column2);
  }
  for (const auto* table : {&s.mue_practitioner, &s.mue_facility}) {
    for (const StagedMue& r : *table) procedures.Add(r.code);
  }
  for (const StagedAddOn& r : s.add_on) procedures.Add(r.add_on);
  for (const StagedHcpcs& r : s.hcpcs) procedures.Add(r.code);
  for (const StagedFeeSchedule& r : s.fee_schedule) procedures.Add(r.code);
  procedures.Seal();

  const uint32_t ptp_sections[2] = {kPtpPractitionerRows, kPtpFacilityRows};
  std::vector<StagedPtp>* ptp_staged[2] = {&s.ptp_practitioner, &s.ptp_facility};
  for (int t = 0; t < 2; ++t) {
    std::vector<PtpRow> rows = Group<PtpRow>(
        *ptp_staged[t], [](const StagedPtp& r) { return uint64_t{r.column2}; },
        [](const StagedPtp& r) { return std::make_tuple(r.column1, r.effective, r.deletion); },
        [](const StagedPtp& r) {
          PtpRow row{};
          row.effective = r.effective;
          row.deletion = r.deletion;
          row.rationale = static_cast<uint16_t>(r.rationale);
          row.source = r.source;
          row.indicator = r.indicator;
          return row;
        },
        procedures, [t](ProcedureEntry& e) -> Range& { return e.ptp[t]; });
    std::vector<uint32_t> column1;
    for (const StagedPtp& r : *ptp_staged[t]) column1.push_back(r.column1);
    writer.Add(ptp_sections[t], rows);
    writer.Add(ptp_sections[t] + 1, column1);
    writer.Add(ptp_sections[t] + 2, MakeFilter(*ptp_staged[t]));
  }
  const uint32_t mue_sections[2] = {kMuePractitionerRows, kMueFacilityRows};
  std::vector<StagedMue>* mue_staged[2] = {&s.mue_practitioner, &s.mue_facility};
  for (int t = 0; t < 2; ++t) {
    writer.Add(mue_sections[t],
               Group<MueRow>(
                   *mue_staged[t], [](const StagedMue& r) { return uint64_t{r.code}; },
                   [](const StagedMue& r) { return std::make_tuple(r.effective, r.end); },
                   [](const StagedMue& r) {
                     MueRow row{};
                     row.effective = r.effective;
                     row.end = r.end;
                     row.value = r.value;
                     row.rationale = static_cast<uint16_t>(r.rationale);
                     row.source = r.source;
                     row.mai = r.mai;
                     return row;
                   },
                   procedures, [t](ProcedureEntry& e) -> Range& { return e.mue[t]; }));
  }
  writer.Add(kAddOnRows, Group<AddOnRow>(
                             s.add_on, [](const StagedAddOn& r) { return uint64_t{r.add_on}; },
                             [](const StagedAddOn& r) {
                               return std::make_tuple(r.primary, r.effective, r.end);
                             },
                             [](const StagedAddOn& r) {
                               AddOnRow row{};
                               row.effective = r.effective;
                               row.end = r.end;
                               row.source = r.source;
                               row.type = r.type;
                               return row;
                             },
                             procedures, [](ProcedureEntry& e) -> Range& { return e.add_on; }));
  std::vector<uint32_t> primaries;
  for (const StagedAddOn& r : s.add_on) primaries.push_back(r.primary);
  writer.Add(kAddOnPrimary, primaries);
  writer.Add(kHcpcsRows,
             Group<HcpcsRow>(
                 s.hcpcs, [](const StagedHcpcs& r) { return uint64_t{r.code}; },
                 [](const StagedHcpcs& r) { return std::make_tuple(r.effective, r.end); },
                 [](const StagedHcpcs& r) {
                   return HcpcsRow{r.effective, r.end, r.short_title, r.long_title, r.action, {}};
                 },
                 procedures, [](ProcedureEntry& e) -> Range& { return e.hcpcs; }));
  writer.Add(kFeeScheduleRows,
             Group<FeeScheduleRow>(
                 s.fee_schedule, [](const StagedFeeSchedule& r) { return uint64_t{r.code}; },
                 [](const StagedFeeSchedule& r) {
                   return std::make_tuple(r.modifier, r.effective, r.end);
                 },
                 [](const StagedFeeSchedule& r) {
                   FeeScheduleRow row{};
                   row.effective = r.effective;
                   row.end = r.end;
                   row.modifier = r.modifier;
                   row.status = r.status;
                   std::memcpy(row.global_days, r.global_days, 3);
                   row.pc_tc = r.pc_tc;
                   row.multiple_procedure = r.multiple_procedure;
                   row.bilateral = r.bilateral;
                   row.assistant = r.assistant;
                   row.co_surgeon = r.co_surgeon;
                   row.team = r.team;
                   return row;
                 },
                 procedures, [](ProcedureEntry& e) -> Range& { return e.fee_schedule; }));
  procedures.Write(kProcedureKeys, writer);

  // ICD-10-CM and -PCS.
  auto validity_key = [](const StagedIcdValidity& r) { return r.code; };
  auto validity_order = [](const StagedIcdValidity& r) {
    return std::make_tuple(!r.billable, r.effective, r.end);
  };
  auto validity_row = [](const StagedIcdValidity& r) {
    return ValidityRow{r.effective, r.end, static_cast<uint8_t>(r.billable), {}};
  };
  auto list_key = [](const StagedListMembership& r) { return r.code; };
  auto list_order = [](const StagedListMembership& r) {
    return std::make_tuple(r.list, r.effective);
  };
  auto list_row = [](const StagedListMembership& r) { return TextRow{r.effective, r.end, r.list}; };
  DirectoryBuilder<IcdEntry> cm;
  for (const auto& r : s.icd10cm_validity) cm.Add(r.code);
  for (const auto& r : s.icd10cm_names) cm.Add(r.code);
  for (const auto& r : s.icd10cm_seventh) cm.Add(r.code);
  for (const auto& r : s.icd10cm_lists) cm.Add(r.code);
  cm.Seal();
  writer.Add(kIcd10CmValidityRows,
             Group<ValidityRow>(s.icd10cm_validity, validity_key, validity_order, validity_row, cm,
                                [](IcdEntry& e) -> Range& { return e.validity; }));
  writer.Add(kIcd10CmNameRows,
             Group<NameRow>(
                 s.icd10cm_names, [](const StagedIcdName& r) { return r.code; },
                 [](const StagedIcdName& r) { return std::make_tuple(r.effective, r.end); },
                 [](const StagedIcdName& r) {
                   return NameRow{r.effective, r.end, r.short_title, r.long_title};
                 },
                 cm, [](IcdEntry& e) -> Range& { return e.names; }));
  writer.Add(kIcd10CmSeventhRows,
             Group<SeventhRow>(
                 s.icd10cm_seventh, [](const StagedSeventh& r) { return r.code; },
                 [](const StagedSeventh& r) { return std::make_tuple(r.effective, r.character); },
                 [](const StagedSeventh& r) {
                   return SeventhRow{r.effective, r.end, r.text, r.character, {}};
                 },
                 cm, [](IcdEntry& e) -> Range& { return e.seventh; }));
  writer.Add(kIcd10CmListRows, Group<TextRow>(s.icd10cm_lists, list_key, list_order, list_row, cm,
                                              [](IcdEntry& e) -> Range& { return e.lists; }));
  cm.Write(kIcd10CmKeys, writer);
  // Notes are kept in scope order, for lookups of the notes that cover a code.
  std::stable_sort(s.icd10cm_notes.begin(), s.icd10cm_notes.end(),
                   [](const StagedIcdNote& a, const StagedIcdNote& b) {
                     return std::tie(a.scope.first, a.scope.last) <
                            std::tie(b.scope.first, b.scope.last);
                   });
  std::vector<NoteRow> notes;
  std::vector<CodeRangeRow> note_refs;
  for (const StagedIcdNote& n : s.icd10cm_notes) {
    const Range refs{static_cast<uint32_t>(note_refs.size()), static_cast<uint32_t>(n.refs.size())};
    for (const CodeRange& r : n.refs) note_refs.push_back({r.first, r.last});
    notes.push_back({{n.scope.first, n.scope.last},
                     n.effective,
                     n.end,
                     n.text,
                     static_cast<uint8_t>(n.kind),
                     {},
                     refs});
  }
  writer.Add(kIcd10CmNoteRows, notes);
  writer.Add(kIcd10CmNoteRefs, note_refs);

  DirectoryBuilder<IcdEntry> pcs;
  for (const auto& r : s.icd10pcs_validity) pcs.Add(r.code);
  for (const auto& r : s.icd10pcs_lists) pcs.Add(r.code);
  pcs.Seal();
  writer.Add(kIcd10PcsValidityRows,
             Group<ValidityRow>(s.icd10pcs_validity, validity_key, validity_order, validity_row,
                                pcs, [](IcdEntry& e) -> Range& { return e.validity; }));
  writer.Add(kIcd10PcsListRows, Group<TextRow>(s.icd10pcs_lists, list_key, list_order, list_row,
                                               pcs, [](IcdEntry& e) -> Range& { return e.lists; }));
  pcs.Write(kIcd10PcsKeys, writer);

  // Modifiers and places of service.
  DirectoryBuilder<RowsEntry> modifiers;
  for (const auto& r : s.modifiers) modifiers.Add(r.modifier);
  modifiers.Seal();
  writer.Add(kModifierRows,
             Group<TextRow>(
                 s.modifiers, [](const StagedModifier& r) { return uint64_t{r.modifier}; },
                 [](const StagedModifier& r) { return r.effective; },
                 [](const StagedModifier& r) {
                   return TextRow{r.effective, r.end, r.title};
                 },
                 modifiers, [](RowsEntry& e) -> Range& { return e.rows; }));
  modifiers.Write(kModifierKeys, writer);
  DirectoryBuilder<RowsEntry> places;
  for (const auto& r : s.places_of_service) places.Add(r.code);
  places.Seal();
  writer.Add(
      kPlaceOfServiceRows,
      Group<TextRow>(
          s.places_of_service, [](const StagedPlaceOfService& r) { return uint64_t{r.code}; },
          [](const StagedPlaceOfService& r) { return r.effective; },
          [](const StagedPlaceOfService& r) {
            return TextRow{r.effective, r.end, r.name};
          },
          places, [](RowsEntry& e) -> Range& { return e.rows; }));
  places.Write(kPlaceOfServiceKeys, writer);

  // Duplicates were counted above, so the information goes last.
  const std::string info_bytes = info.SerializeAsString();
  writer.Add(kInfoSection, 1, info_bytes.size(), info_bytes.data());
  return std::move(writer).Finish();
}

absl::Status WriteFileAtomically(const std::string& path, absl::string_view bytes) {
  std::string temp = path + ".tmp.XXXXXX";
  const int fd = mkstemp(temp.data());
  if (fd < 0) {
    return absl::UnavailableError(
        absl::StrCat(path, ": cannot create a temporary file beside it: ", std::strerror(errno)));
  }
  const char* p = bytes.data();
  size_t left = bytes.size();
  bool ok = true;
  while (ok && left > 0) {
    const ssize_t n = write(fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) {
      p += n;
      left -= static_cast<size_t>(n);
    }
  }
  const int error = errno;
  ok = ok && fchmod(fd, 0644) == 0 && fsync(fd) == 0;
  ok = close(fd) == 0 && ok;
  if (!ok || rename(temp.c_str(), path.c_str()) != 0) {
    const int e = ok ? errno : error;
    unlink(temp.c_str());
    return absl::UnavailableError(absl::StrCat(path, ": cannot write: ", std::strerror(e)));
  }
  return absl::OkStatus();
}

}  // namespace coderules
