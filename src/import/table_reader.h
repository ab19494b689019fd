#ifndef CODERULES_SRC_IMPORT_TABLE_READER_H_
#define CODERULES_SRC_IMPORT_TABLE_READER_H_

// The shared reader under every tabular importer: records of a delimited file with their line
// numbers, CRLF or LF, RFC 4180 quoting for CSV (quoted fields may span lines), tabs for the
// NCCI text files, and the header row found by its content rather than by position.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "coderules/importers.h"
#include "src/internal/date.h"
#include "src/pack/staged.h"

namespace coderules::internal {

// Files larger than this are refused before they are read.
inline constexpr uint64_t kMaxSourceFileBytes = uint64_t{1} << 30;

absl::StatusOr<std::string> ReadSourceFile(const std::string& path);

class RecordReader {
 public:
  enum class Format { kCsv, kTab };
  RecordReader(absl::string_view contents, Format format);

  // The next record's fields (UTF-8, surrounding spaces and quotes removed) and its first line
  // number. Returns false at the end. An unterminated quote ends the file's records and sets
  // error().
  bool Next(std::vector<std::string>* fields, int64_t* line);
  bool error() const { return error_; }

 private:
  absl::string_view rest_;
  Format format_;
  int64_t line_ = 0;
  bool error_ = false;
};

// A header cell in comparable form: lower case, '_' and '-' read as spaces, runs of spaces
// collapsed, trimmed.
std::string NormalizeHeader(absl::string_view cell);

// Counts a data row of `report` as read and accepted, or as read and rejected with its 1-based
// line and the reason.
void AcceptRow(ImportReport* report);
void RejectRow(ImportReport* report, int64_t line, absl::string_view reason);

// Stores each distinct text of a file once in `strings` (Staged::texts or ::rationales) and
// gives its index.
class Interner {
 public:
  explicit Interner(std::vector<std::string>* strings) : strings_(strings) {}
  uint32_t Intern(absl::string_view text) {
    auto [it, inserted] = index_.try_emplace(text, static_cast<uint32_t>(strings_->size()));
    if (inserted) strings_->emplace_back(text);
    return it->second;
  }
  // The same, with kNoText for an empty text.
  uint32_t InternOrNone(absl::string_view text) { return text.empty() ? kNoText : Intern(text); }

 private:
  std::vector<std::string>* strings_;
  absl::flat_hash_map<std::string, uint32_t> index_;
};

// True when every field is empty.
bool IsBlankRecord(const std::vector<std::string>& fields);

// The dates published files use: YYYYMMDD, YYYYDDD (Julian), YYYY-MM-DD and M/D/YYYY. Blank is
// `blank`; nullopt when unreadable.
std::optional<Day> ParsePublishedDate(absl::string_view text, Day blank);

}  // namespace coderules::internal

#endif  // CODERULES_SRC_IMPORT_TABLE_READER_H_
