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
#include "coderules/rule_pack.h"
#include "re2/re2.h"
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
  }
  return "unknown";
}

namespace internal {

struct BuilderState {
  Staged rows;
  v1::PackInfo info;
  absl::flat_hash_map<std::string, uint16_t> rationale_index;
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

// Writes sections after a header and directory whose size is known up front.
class PackWriter {
 public:
  explicit PackWriter(uint32_t section_count) : count_(section_count) {
    out_.assign(sizeof(FileHeader) + count_ * sizeof(SectionEntry), '\0');
  }

  template <typename T>
  void Add(uint32_t id, const std::vector<T>& items) {
    Add(id, sizeof(T), items.size(), items.data());
  }
  void Add(uint32_t id, uint32_t element_size, uint64_t count, const void* data) {
    out_.resize((out_.size() + 7) / 8 * 8, '\0');
    directory_.push_back({id, element_size, out_.size(), count});
    out_.append(static_cast<const char*>(data), element_size * count);
  }

  absl::StatusOr<std::string> Finish() && {
    if (directory_.size() != count_) return absl::InternalError("pack section count mismatch");
    std::memcpy(out_.data() + sizeof(FileHeader), directory_.data(),
                directory_.size() * sizeof(SectionEntry));
    FileHeader header{};
    std::memcpy(header.magic, kPackMagic, sizeof(kPackMagic));
    header.format_version = kPackFormatVersion;
    header.section_count = count_;
    header.file_size = out_.size();
    header.checksum =
        XXH3_64bits(out_.data() + sizeof(FileHeader), out_.size() - sizeof(FileHeader));
    std::memcpy(out_.data(), &header, sizeof(header));
    return std::move(out_);
  }

 private:
  uint32_t count_;
  std::string out_;
  std::vector<SectionEntry> directory_;
};

// Sorts the staged rows, keeps identical rows once (counting the copies against their source),
// and writes the table's sections. `identity` gives the subkey first, then the other fields that
// make a row what it is.
template <typename StagedRow, typename Row, typename KeyOf, typename Identity, typename ToRow>
absl::Status WriteTable(TableId id, std::vector<StagedRow>& staged, KeyOf key_of, Identity identity,
                        ToRow to_row, v1::PackInfo& info, PackWriter& writer) {
  std::sort(staged.begin(), staged.end(), [&](const StagedRow& a, const StagedRow& b) {
    return std::make_tuple(key_of(a), identity(a), a.source) <
           std::make_tuple(key_of(b), identity(b), b.source);
  });
  std::vector<uint64_t> keys;
  std::vector<uint32_t> begin;
  std::vector<Row> rows;
  std::vector<uint32_t> subkeys;
  rows.reserve(staged.size());
  for (size_t i = 0; i < staged.size(); ++i) {
    const StagedRow& s = staged[i];
    if (i > 0 && key_of(s) == key_of(staged[i - 1]) && identity(s) == identity(staged[i - 1])) {
      info.mutable_sources(s.source)->set_rows_duplicate(info.sources(s.source).rows_duplicate() +
                                                         1);
      continue;
    }
    if (keys.empty() || keys.back() != key_of(s)) {
      keys.push_back(key_of(s));
      begin.push_back(static_cast<uint32_t>(rows.size()));
    }
    rows.push_back(to_row(s));
    subkeys.push_back(std::get<0>(identity(s)));
  }
  if (rows.size() >= UINT32_MAX) return absl::ResourceExhaustedError("too many rows in one table");
  begin.push_back(static_cast<uint32_t>(rows.size()));
  uint64_t capacity = 1;
  while (capacity < 2 * keys.size()) capacity *= 2;
  std::vector<uint32_t> slots(capacity, 0);
  for (size_t i = 0; i < keys.size(); ++i) {
    uint64_t slot = MixKey(keys[i]) & (capacity - 1);
    while (slots[slot] != 0) slot = (slot + 1) & (capacity - 1);
    slots[slot] = static_cast<uint32_t>(i + 1);
  }
  writer.Add(SectionId(id, kKeys), keys);
  writer.Add(SectionId(id, kBegin), begin);
  writer.Add(SectionId(id, kSlots), slots);
  writer.Add(SectionId(id, kRows), rows);
  writer.Add(SectionId(id, kSubkeys), subkeys);
  // 8 to 16 bits a row: a few percent of absent pairs pass.
  uint64_t words = 1;
  while (words * 64 < 8 * rows.size()) words *= 2;
  std::vector<uint64_t> filter(words, 0);
  for (size_t k = 0; k < keys.size(); ++k) {
    for (uint32_t r = begin[k]; r < begin[k + 1]; ++r) {
      const FilterSlot slot = FilterSlotOf(keys[k], subkeys[r], words);
      filter[slot.word] |= slot.bits;
    }
  }
  writer.Add(SectionId(id, kFilter), filter);
  return absl::OkStatus();
}

absl::Status WritePtp(TableId id, std::vector<StagedPtp>& staged, v1::PackInfo& info,
                      PackWriter& writer) {
  return WriteTable<StagedPtp, PtpRow>(
      id, staged, [](const StagedPtp& s) { return uint64_t{s.column2}; },
      [](const StagedPtp& s) {
        return std::make_tuple(s.column1, s.effective, s.deletion, s.indicator, s.rationale);
      },
      [](const StagedPtp& s) {
        PtpRow row{};
        row.effective = s.effective;
        row.deletion = s.deletion;
        row.rationale = static_cast<uint16_t>(s.rationale);
        row.source = s.source;
        row.indicator = s.indicator;
        return row;
      },
      info, writer);
}

absl::Status WriteMue(TableId id, std::vector<StagedMue>& staged, v1::PackInfo& info,
                      PackWriter& writer) {
  return WriteTable<StagedMue, MueRow>(
      id, staged, [](const StagedMue& s) { return uint64_t{s.code}; },
      [](const StagedMue& s) {
        return std::make_tuple(uint32_t{0}, s.effective, s.end, s.value, s.mai, s.rationale);
      },
      [](const StagedMue& s) {
        MueRow row{};
        row.effective = s.effective;
        row.end = s.end;
        row.value = s.value;
        row.rationale = static_cast<uint16_t>(s.rationale);
        row.source = s.source;
        row.mai = s.mai;
        return row;
      },
      info, writer);
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
  if (state_ == nullptr) return absl::FailedPreconditionError("PackBuilder was used up by Build");
  ImportReport report;
  report.file = std::string(name);
  report.kind = kind;
  report.version = internal::VersionFromName(report.file);
  internal::Staged staged;
  switch (kind) {
    case SourceKind::kRules:
      CODERULES_RETURN_IF_ERROR(internal::ImportRuleSet(contents, &staged, &report));
      break;
    case SourceKind::kPtpPractitioner:
    case SourceKind::kPtpFacility:
      CODERULES_RETURN_IF_ERROR(
          internal::ImportPtp(contents, kind == SourceKind::kPtpFacility, &staged, &report));
      break;
    case SourceKind::kMuePractitioner:
    case SourceKind::kMueFacility:
      CODERULES_RETURN_IF_ERROR(
          internal::ImportMue(contents, kind == SourceKind::kMueFacility, &staged, &report));
      break;
    case SourceKind::kAddOn:
      CODERULES_RETURN_IF_ERROR(internal::ImportAddOn(contents, &staged, &report));
      break;
  }

  // Merge: renumber rationales into the pack's table and stamp the source index.
  BuilderState& state = *state_;
  if (state.info.sources_size() >= UINT16_MAX) {
    return absl::ResourceExhaustedError("a pack holds at most 65535 sources");
  }
  std::vector<uint32_t> rationale_map;
  rationale_map.reserve(staged.rationales.size());
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
  const auto source = static_cast<uint16_t>(state.info.sources_size());
  v1::PackSource* s = state.info.add_sources();
  s->set_name(report.file);
  s->set_version(report.version);
  s->set_kind(std::string(SourceKindName(kind)));
  s->set_rows_read(report.rows_read);
  s->set_rows_accepted(report.rows_accepted);
  s->set_rows_rejected(report.rows_rejected);
  auto append = [&](auto& from, auto& to) {
    for (auto& row : from) {
      row.source = source;
      if constexpr (!std::is_same_v<std::decay_t<decltype(row)>, internal::StagedAddOn>) {
        row.rationale = rationale_map[row.rationale];
      }
      to.push_back(row);
    }
  };
  append(staged.ptp_practitioner, state.rows.ptp_practitioner);
  append(staged.ptp_facility, state.rows.ptp_facility);
  append(staged.mue_practitioner, state.rows.mue_practitioner);
  append(staged.mue_facility, state.rows.mue_facility);
  append(staged.add_on, state.rows.add_on);
  return report;
}

absl::StatusOr<std::string> PackBuilder::Build() && {
  using namespace internal;  // NOLINT: the pack layout's names
  if (state_ == nullptr) return absl::FailedPreconditionError("PackBuilder was used up by Build");
  std::unique_ptr<BuilderState> state = std::move(state_);
  Staged& rows = state->rows;
  v1::PackInfo& info = state->info;
  PackWriter writer(1 + 6 * (kTableIdEnd - 1));
  // Duplicates are counted while the tables are written, so the info section goes last.
  CODERULES_RETURN_IF_ERROR(WritePtp(kPtpPractitioner, rows.ptp_practitioner, info, writer));
  CODERULES_RETURN_IF_ERROR(WritePtp(kPtpFacility, rows.ptp_facility, info, writer));
  CODERULES_RETURN_IF_ERROR(WriteMue(kMuePractitioner, rows.mue_practitioner, info, writer));
  CODERULES_RETURN_IF_ERROR(WriteMue(kMueFacility, rows.mue_facility, info, writer));
  CODERULES_RETURN_IF_ERROR((WriteTable<StagedAddOn, AddOnRow>(
      kAddOn, rows.add_on, [](const StagedAddOn& s) { return uint64_t{s.add_on}; },
      [](const StagedAddOn& s) { return std::make_tuple(s.primary, s.effective, s.end, s.type); },
      [](const StagedAddOn& s) {
        AddOnRow row{};
        row.effective = s.effective;
        row.end = s.end;
        row.source = s.source;
        row.type = s.type;
        return row;
      },
      info, writer)));
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
