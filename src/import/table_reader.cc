#include "src/import/table_reader.h"

#include <fstream>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "src/internal/text.h"

namespace coderules::internal {

absl::StatusOr<std::string> ReadSourceFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot open"));
  const std::streamoff size = in.tellg();
  if (size < 0) return absl::DataLossError(absl::StrCat(path, ": cannot read"));
  if (static_cast<uint64_t>(size) > kMaxSourceFileBytes) {
    return absl::ResourceExhaustedError(
        absl::StrCat(path, ": ", size, " bytes; the limit is ", kMaxSourceFileBytes));
  }
  std::string contents(static_cast<size_t>(size), '\0');
  in.seekg(0);
  if (!in.read(contents.data(), size)) {
    return absl::DataLossError(absl::StrCat(path, ": read failed"));
  }
  return contents;
}

RecordReader::RecordReader(absl::string_view contents, Format format)
    : rest_(contents), format_(format) {
  // A UTF-8 byte-order mark is not part of the first cell.
  if (absl::StartsWith(rest_, "\xEF\xBB\xBF")) rest_.remove_prefix(3);
}

namespace {

std::string CleanCell(absl::string_view cell) {
  cell = absl::StripAsciiWhitespace(cell);
  return ToUtf8(cell);
}

}  // namespace

bool RecordReader::Next(std::vector<std::string>* fields, int64_t* line) {
  fields->clear();
  if (rest_.empty() || error_) return false;
  ++line_;
  *line = line_;
  const char delimiter = format_ == Format::kCsv ? ',' : '\t';
  std::string cell;
  bool quoted_cell = false;
  size_t i = 0;
  while (true) {
    if (i == rest_.size() || rest_[i] == '\n' || rest_[i] == '\r') {
      fields->push_back(quoted_cell ? ToUtf8(cell) : CleanCell(cell));
      if (i < rest_.size() && rest_[i] == '\r') ++i;
      if (i < rest_.size() && rest_[i] == '\n') ++i;
      rest_.remove_prefix(i);
      return true;
    }
    const char c = rest_[i];
    if (c == delimiter) {
      fields->push_back(quoted_cell ? ToUtf8(cell) : CleanCell(cell));
      cell.clear();
      quoted_cell = false;
      ++i;
      continue;
    }
    if (c == '"' && absl::StripAsciiWhitespace(cell).empty()) {
      // A quoted cell: "" is a quote; the cell may span lines.
      cell.clear();
      ++i;
      while (true) {
        if (i == rest_.size()) {
          error_ = true;
          rest_ = {};
          fields->push_back(ToUtf8(cell));
          return true;
        }
        if (rest_[i] == '"') {
          if (i + 1 < rest_.size() && rest_[i + 1] == '"') {
            cell.push_back('"');
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        if (rest_[i] == '\n') ++line_;
        cell.push_back(rest_[i]);
        ++i;
      }
      // Whatever follows the closing quote up to the delimiter belongs to the cell.
      while (i < rest_.size() && rest_[i] != delimiter && rest_[i] != '\n' && rest_[i] != '\r') {
        if (!absl::ascii_isspace(static_cast<unsigned char>(rest_[i]))) cell.push_back(rest_[i]);
        ++i;
      }
      quoted_cell = true;
      continue;
    }
    cell.push_back(c);
    ++i;
  }
}

std::string NormalizeHeader(absl::string_view cell) {
  std::string out;
  bool space = false;
  for (char c : cell) {
    if (c == '_' || c == '-' || absl::ascii_isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(absl::ascii_tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

void AcceptRow(ImportReport* report) {
  ++report->rows_read;
  ++report->rows_accepted;
}

void RejectRow(ImportReport* report, int64_t line, absl::string_view reason) {
  ++report->rows_read;
  ++report->rows_rejected;
  report->rejected.push_back({line, std::string(reason)});
}

bool IsBlankRecord(const std::vector<std::string>& fields) {
  for (const std::string& f : fields) {
    if (!f.empty()) return false;
  }
  return true;
}

std::optional<Day> ParsePublishedDate(absl::string_view text, Day blank) {
  text = absl::StripAsciiWhitespace(text);
  if (text.empty()) return blank;
  if (text.find('/') == absl::string_view::npos) {
    if (text.size() == 8) return ParseCompactDate(text);
    if (text.size() == 7) return ParseJulianDate(text);
    return ParseIsoDate(text);
  }
  std::vector<absl::string_view> parts = absl::StrSplit(text, '/');
  int month, day, year;
  if (parts.size() == 3 && parts[2].size() == 4 && absl::SimpleAtoi(parts[0], &month) &&
      absl::SimpleAtoi(parts[1], &day) && absl::SimpleAtoi(parts[2], &year) &&
      parts[0].size() <= 2 && parts[1].size() <= 2) {
    return DayFromCivil(year, month, day);
  }
  return std::nullopt;
}

}  // namespace coderules::internal
