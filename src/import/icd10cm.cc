// ICD-10-CM order file and tabular list. Both are snapshots of one release: the order file of the
// period its name gives, the tabular list of the fiscal year its <version> gives.
#include <expat.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "coderules/code.h"
#include "re2/re2.h"
#include "src/import/code_sets.h"
#include "src/import/table_reader.h"
#include "src/internal/status_macros.h"
#include "src/internal/text.h"

namespace coderules::internal {
namespace {

// Fiscal year N runs from October 1 of N-1 to September 30 of N.
StagedRelease FiscalYear(int year) {
  return {*DayFromCivil(year - 1, 10, 1), *DayFromCivil(year, 10, 1)};
}

re2::StringPiece Piece(absl::string_view s) { return re2::StringPiece(s.data(), s.size()); }

// ---- Order file.

// The period an order file's name dates: a plain year is that fiscal year
// ("icd10cm_order_2025.txt"); a month and year is a mid-year update, from the 1st of the month to
// the end of its fiscal year ("icd10cm-order-Jan-2021.txt": [2021-01-01, 2021-10-01)).
absl::Status OrderRelease(absl::string_view name, Staged* out, ImportReport* report) {
  static const LazyRE2 kMonthYear = {
      R"((?i)(?:^|[^a-z])(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))"
      R"((?:uary|ruary|ch|il|e|y|ust|t|tember|ember|ober)?[-_ ]?((?:19|20)[0-9][0-9])(?:[^0-9]|$))"};
  static const LazyRE2 kYear = {R"((?:^|[^0-9])((?:19|20)[0-9][0-9])(?:[^0-9]|$))"};
  static constexpr absl::string_view kMonths = "janfebmaraprmayjunjulaugsepoctnovdec";
  const std::string file(name);
  std::string month_name;
  int year = 0;
  if (RE2::PartialMatch(file, *kMonthYear, &month_name, &year)) {
    const int month = static_cast<int>(kMonths.find(absl::AsciiStrToLower(month_name)) / 3) + 1;
    const int fiscal = month >= 10 ? year + 1 : year;
    out->release = StagedRelease{*DayFromCivil(year, month, 1), FiscalYear(fiscal).end};
    report->version =
        absl::StrFormat("FY%d (%s update)", fiscal, FormatIsoDate(out->release->effective));
    return absl::OkStatus();
  }
  if (RE2::PartialMatch(file, *kYear, &year)) {
    out->release = FiscalYear(year);
    report->version = absl::StrCat("FY", year);
    return absl::OkStatus();
  }
  return absl::InvalidArgumentError(absl::StrCat(
      name,
      ": the file name gives no year, which dates the release; keep the name CMS publishes, "
      "such as icd10cm_order_2025.txt (fiscal year 2025) or icd10cm-order-Jan-2021.txt (the "
      "January 2021 update)"));
}

// Columns 1-5 order number, 7-13 code, 15 flag, 17-76 short title, 78- long title.
constexpr size_t kLongTitleColumn = 78;

absl::Status ParseOrderRecord(absl::string_view line, const StagedRelease& release,
                              StagedIcdValidity* validity, std::string* short_title,
                              std::string* long_title) {
  if (line.size() < kLongTitleColumn) {
    return absl::InvalidArgumentError(absl::StrCat("the line has ", line.size(),
                                                   " characters; a record runs to column ",
                                                   kLongTitleColumn, " at least"));
  }
  for (const size_t column : {6, 14, 16, 77}) {
    if (line[column - 1] != ' ') {
      return absl::InvalidArgumentError(absl::StrCat(
          "column ", column, " is '", line.substr(column - 1, 1), "', not a blank between fields"));
    }
  }
  const absl::string_view order = line.substr(0, 5);
  if (!std::all_of(order.begin(), order.end(),
                   [](char c) { return absl::ascii_isdigit(static_cast<unsigned char>(c)); })) {
    return absl::InvalidArgumentError(
        absl::StrCat("order number '", order, "' is not five digits"));
  }
  const absl::string_view code = absl::StripTrailingAsciiWhitespace(line.substr(6, 7));
  const std::optional<IcdKey> key = PackIcd10Cm(code);
  if (!key || absl::StrContains(code, '.') || absl::StrContains(code, ' ')) {
    return absl::InvalidArgumentError(
        absl::StrCat("code '", code, "' is not an ICD-10-CM code written without its dot"));
  }
  const char flag = line[14];
  if (flag != '0' && flag != '1') {
    return absl::InvalidArgumentError(
        absl::StrCat("flag '", line.substr(14, 1), "' is not 0 (header) or 1 (billable)"));
  }
  *validity = {*key, release.effective, release.end, flag == '1'};
  *short_title = ToUtf8(absl::StripAsciiWhitespace(line.substr(16, 60)));
  *long_title = ToUtf8(absl::StripAsciiWhitespace(line.substr(kLongTitleColumn - 1)));
  return absl::OkStatus();
}

// ---- Tabular list: the codes a note cites.

// What a note says about the characters of the codes it cites: "(T36-T50 with fifth or sixth
// character 5)", "(E08-E13 with .51-.52)", "(I69. with final characters -23)".
struct Qualifier {
  // The characters from `position` (1-based) on are one of the values; with `final`, the code
  // ends with them ("I69. with final characters -23": I69.?23, a dash for each character skipped).
  int position = 0;
  bool final = false;
  // "Fifth or sixth character": the T chapter's intent, the final character of a code of 5 or 6.
  bool fifth_or_sixth = false;
  std::vector<std::pair<std::string, std::string>> values;  // [low, high], of equal length

  bool Holds(absl::string_view part) const {
    for (const auto& [low, high] : values) {
      if (part.size() == low.size() && low <= part && part <= high) return true;
    }
    return false;
  }
  bool Matches(absl::string_view code) const {
    if (fifth_or_sixth) {
      return (code.size() == 5 || code.size() == 6) && Holds(code.substr(code.size() - 1));
    }
    const size_t from = static_cast<size_t>(position - 1);
    for (const auto& [low, high] : values) {
      const size_t to = from + low.size();
      if (code.size() >= to && (!final || code.size() == to) &&
          Holds(code.substr(from, low.size()))) {
        return true;
      }
    }
    return false;
  }
};

// Reads the values as written, "1-4 or 6", "B or C", ".51-.52", "-23", into `q`: values and
// ranges, without the dots of decimal forms; the dashes before final characters move `position`.
std::optional<Qualifier> ParseValues(Qualifier q, absl::string_view text) {
  static const LazyRE2 kSeparator = {R"(\s*(?:,|\bor\b|\band\b)\s*)"};
  std::string parts(text);
  RE2::GlobalReplace(&parts, *kSeparator, "|");
  std::optional<size_t> skipped;
  for (absl::string_view part : absl::StrSplit(parts, '|')) {
    part = absl::StripAsciiWhitespace(part);
    if (q.final) {
      const size_t dashes = part.find_first_not_of('-');
      if (skipped && *skipped != dashes) return std::nullopt;
      skipped = dashes;
      part.remove_prefix(std::min(dashes, part.size()));
    }
    std::vector<std::string> ends;
    for (absl::string_view end : absl::StrSplit(part, '-')) {
      end = absl::StripAsciiWhitespace(end);
      absl::ConsumePrefix(&end, ".");
      ends.emplace_back(end);
    }
    if (ends.size() > 2 || ends.front().empty() || ends.back().size() != ends.front().size()) {
      return std::nullopt;
    }
    q.values.emplace_back(ends.front(), ends.back());
  }
  if (skipped) q.position = 4 + static_cast<int>(*skipped);
  const int width = static_cast<int>(q.values.front().first.size());
  if (q.fifth_or_sixth ? width != 1 : q.position == 0 || q.position + width - 1 > 7) {
    return std::nullopt;
  }
  return q;
}

// "fifth or sixth character", "5th character", "fifth to sixth characters", "final characters".
std::optional<Qualifier> CharacterQualifier(absl::string_view ordinal, absl::string_view values) {
  static constexpr std::pair<absl::string_view, int> kPositions[] = {
      {"fourth", 4}, {"4th", 4}, {"fifth", 5},   {"5th", 5}, {"fifth to sixth", 5},
      {"sixth", 6},  {"6th", 6}, {"seventh", 7}, {"7th", 7}};
  Qualifier q;
  const std::string o = absl::AsciiStrToLower(ordinal);
  q.fifth_or_sixth = absl::StartsWith(o, "fifth or six");
  q.final = o == "final";
  for (const auto& [word, position] : kPositions) {
    if (o == word) q.position = position;
  }
  return ParseValues(std::move(q), values);
}

// One cited code or range as written. A run is a list of citations joined by commas, "and" or
// "or": a qualifier or "except" after it applies to the run.
struct Citation {
  int run = 0;
  std::string first, last;  // `last` empty for a single code
  bool except = false;      // "(O62.-, except O62.3)"
  bool unreadable = false;  // qualified in a way not understood: it cites no code for sure
  std::optional<Qualifier> qualifier;
};

bool AtWordEnd(re2::StringPiece rest) {
  return rest.empty() || !absl::ascii_isalnum(static_cast<unsigned char>(rest[0]));
}

// The citations in a note's text: "(J02.-)", "(I82.4Z-, I82.4Y-)", "(A15-A19)", "D3A.0-",
// "S06.1- to S06.6-", "(T36-T65 with fifth or sixth character 5)", "(S00-T88, except T74 and
// T76)". Anything else ends a run.
std::vector<Citation> ParseCitations(absl::string_view text) {
  static const LazyRE2 kItem = {
      R"(([A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{0,4})?))"
      R"((?:-?\s*(?:-|to\s)\s*([A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{0,4})?))?(-?))"};
  static const LazyRE2 kCharacters = {
      R"(\s*,?\s*with\s+(?:the\s+|a\s+)?)"
      R"((fifth or six(?:th)?|fifth to sixth|fourth|fifth|sixth|seventh|final|4th|5th|6th|7th))"
      R"([\s-]+characters?\s+)"
      R"((-?[0-9A-Z]{1,2}(?:\s*-\s*[0-9A-Z]{1,2})?)"
      R"((?:\s*(?:,|or|and)\s*[0-9A-Z]{1,2}(?:\s*-\s*[0-9A-Z]{1,2})?)*))"};
  static const LazyRE2 kDecimals = {
      R"(\s*,?\s*with\s+(\.[0-9A-Z]{1,4}(?:\s*-\s*\.[0-9A-Z]{1,4})?)"
      R"((?:\s*(?:,|or|and)\s*\.[0-9A-Z]{1,4}(?:\s*-\s*\.[0-9A-Z]{1,4})?)*))"};
  static const LazyRE2 kUnreadable = {R"(\s*,?\s*with\s+[^()]{0,40}?\bcharacters?\b)"};
  static const LazyRE2 kExcept = {R"(\s*,?\s*except\s+)"};
  static const LazyRE2 kSeparator = {R"((?:\s|,|;|\band\b|\bor\b)+)"};
  std::vector<Citation> out;
  re2::StringPiece rest = Piece(text);
  int run = 0;
  bool in_run = false, except = false;
  // Qualifies the run's citations not qualified yet; nullopt marks them unreadable.
  auto qualify = [&](const std::optional<Qualifier>& q) {
    for (auto it = out.rbegin(); it != out.rend() && it->run == run; ++it) {
      if (it->qualifier || it->unreadable) continue;
      it->qualifier = q;
      it->unreadable = !q;
    }
  };
  while (!rest.empty()) {
    std::string first, last, dash, ordinal, values;
    if (in_run) {
      if (RE2::Consume(&rest, *kCharacters, &ordinal, &values)) {
        qualify(AtWordEnd(rest) ? CharacterQualifier(ordinal, values) : std::nullopt);
        continue;
      }
      if (RE2::Consume(&rest, *kDecimals, &values)) {
        Qualifier q;
        q.position = 4;
        qualify(AtWordEnd(rest) ? ParseValues(q, values) : std::nullopt);
        continue;
      }
      if (RE2::Consume(&rest, *kUnreadable)) {
        qualify(std::nullopt);
        continue;
      }
      if (RE2::Consume(&rest, *kExcept)) {
        except = true;
        continue;
      }
    }
    const re2::StringPiece before = rest;
    if (RE2::Consume(&rest, *kItem, &first, &last, &dash) && (!dash.empty() || AtWordEnd(rest))) {
      if (!in_run) {
        ++run;
        in_run = true;
        except = false;
      }
      out.push_back({run, std::move(first), std::move(last), except, false, std::nullopt});
      continue;
    }
    rest = before;
    if (RE2::Consume(&rest, *kSeparator)) continue;
    // Any other word or character ends the run.
    in_run = false;
    size_t n = 1;
    while (n < rest.size() && absl::ascii_isalnum(static_cast<unsigned char>(rest[0])) &&
           absl::ascii_isalnum(static_cast<unsigned char>(rest[n]))) {
      ++n;
    }
    rest.remove_prefix(n);
  }
  return out;
}

// The codes of the tabular list, against which citations are resolved.
class Classification {
 public:
  Classification(std::vector<IcdKey> codes, absl::flat_hash_map<IcdKey, std::string> seventh)
      : codes_(std::move(codes)), seventh_(std::move(seventh)) {
    std::sort(codes_.begin(), codes_.end());
    codes_.erase(std::unique(codes_.begin(), codes_.end()), codes_.end());
    leaf_.resize(codes_.size());
    for (size_t i = 0; i < codes_.size(); ++i) {
      leaf_[i] = i + 1 == codes_.size() || codes_[i + 1] > IcdPrefixLast(codes_[i]);
    }
  }

  bool Has(IcdKey code) const { return std::binary_search(codes_.begin(), codes_.end(), code); }

  // The codes of `range` the qualifier selects.
  std::vector<CodeRange> Select(CodeRange range, const Qualifier& q) const {
    if (q.fifth_or_sixth || q.position != 7) {
      return Cover(range, [&](IcdKey leaf) { return q.Matches(IcdCodeText(leaf)); });
    }
    // 7th characters are not listed as codes: each leaf, padded with X, takes those it inherits.
    std::vector<CodeRange> out;
    for (size_t i = Begin(range); i < End(range); ++i) {
      if (!leaf_[i]) continue;
      std::string code = IcdCodeText(codes_[i]);
      const std::string chars = SeventhOf(code);
      code.resize(6, 'X');
      for (const char c : chars) {
        if (!q.Holds(absl::string_view(&c, 1))) continue;
        const IcdKey key = *PackIcd10Cm(code + c);
        out.push_back({key, key});
      }
    }
    return out;
  }

  // `range` without the codes of `excepted`.
  std::vector<CodeRange> Except(CodeRange range, const std::vector<CodeRange>& excepted) const {
    const auto in = [](IcdKey code, const CodeRange& r) {
      return r.first <= code && code <= r.last;
    };
    if (std::none_of(excepted.begin(), excepted.end(), [&](const CodeRange& x) {
          return in(x.first, range) || in(range.first, x);
        })) {
      return {range};
    }
    return Cover(range, [&](IcdKey leaf) {
      return std::none_of(excepted.begin(), excepted.end(),
                          [&](const CodeRange& x) { return in(leaf, x); });
    });
  }

 private:
  size_t Begin(CodeRange range) const {
    return std::lower_bound(codes_.begin(), codes_.end(), range.first) - codes_.begin();
  }
  size_t End(CodeRange range) const {
    return std::upper_bound(codes_.begin(), codes_.end(), range.last) - codes_.begin();
  }

  // The codes of `range` whose leaves `keep` keeps, as few ranges as cover them: whole subtrees,
  // joined when no other code lies between them.
  template <typename Keep>
  std::vector<CodeRange> Cover(CodeRange range, Keep keep) const {
    std::vector<CodeRange> out;
    size_t joins = SIZE_MAX;  // where a subtree must start to extend the last range
    for (size_t i = Begin(range), end = End(range); i < end;) {
      // Codes sort before their descendants: take each code whose leaves are all kept.
      const IcdKey last = IcdPrefixLast(codes_[i]);
      const size_t stop = End({codes_[i], last});
      bool all = last <= range.last;
      for (size_t j = i; all && j < stop; ++j) all = !leaf_[j] || keep(codes_[j]);
      if (!all) {
        ++i;
        continue;
      }
      if (i == joins) {
        out.back().last = last;
      } else {
        out.push_back({codes_[i], last});
      }
      joins = i = stop;
    }
    return out;
  }

  // The 7th characters of the nearest code, from `code` up, that defines any.
  std::string SeventhOf(const std::string& code) const {
    for (size_t n = code.size(); n >= 3; --n) {
      auto it = seventh_.find(*PackIcd10Cm(code.substr(0, n)));
      if (it != seventh_.end()) return it->second;
    }
    return "";
  }

  std::vector<IcdKey> codes_;  // sorted
  std::vector<bool> leaf_;     // no code under it
  absl::flat_hash_map<IcdKey, std::string> seventh_;
};

// The codes the citations name. A cited code stands for itself and its descendants; a single
// code the tabular list does not have ("vitamin B12") is no citation.
std::vector<CodeRange> Resolve(const std::vector<Citation>& citations,
                               const Classification& codes) {
  std::vector<CodeRange> refs;
  for (size_t i = 0; i < citations.size();) {
    std::vector<CodeRange> run, excepted;
    size_t j = i;
    for (; j < citations.size() && citations[j].run == citations[i].run; ++j) {
      const Citation& c = citations[j];
      const std::optional<IcdKey> first = PackIcd10Cm(c.first);
      const std::optional<IcdKey> last = c.last.empty() ? first : PackIcd10Cm(c.last);
      if (c.unreadable || !first || !last || *last < *first) continue;
      if (c.last.empty() && !c.qualifier && !codes.Has(*first)) continue;
      const CodeRange range{*first, IcdPrefixLast(*last)};
      std::vector<CodeRange>& to = c.except ? excepted : run;
      if (c.qualifier) {
        for (const CodeRange& r : codes.Select(range, *c.qualifier)) to.push_back(r);
      } else {
        to.push_back(range);
      }
    }
    for (const CodeRange& range : run) {
      for (const CodeRange& r : codes.Except(range, excepted)) {
        const bool seen = std::any_of(refs.begin(), refs.end(), [&](const CodeRange& s) {
          return s.first == r.first && s.last == r.last;
        });
        if (!seen) refs.push_back(r);
      }
    }
    i = j;
  }
  return refs;
}

// ---- Tabular list: the XML, read as a stream.

constexpr size_t kMaxDepth = 64;
constexpr size_t kMaxText = 1 << 20;

constexpr std::pair<absl::string_view, NoteKind> kNoteElements[] = {
    {"excludes1", NoteKind::kExcludes1},
    {"excludes2", NoteKind::kExcludes2},
    {"codeFirst", NoteKind::kCodeFirst},
    {"useAdditionalCode", NoteKind::kUseAdditionalCode},
    {"codeAlso", NoteKind::kCodeAlso},
    {"includes", NoteKind::kIncludes},
    {"inclusionTerm", NoteKind::kInclusionTerm},
    {"notes", NoteKind::kNote},
};

// A code range as the tabular list writes a block: "A00-A09", "B10".
std::optional<CodeRange> BlockRange(absl::string_view text) {
  static const LazyRE2 kBlock = {R"(([A-Z][0-9][0-9A-Z])(?:-([A-Z][0-9][0-9A-Z]))?)"};
  std::string first, last;
  if (!RE2::FullMatch(Piece(text), *kBlock, &first, &last)) return std::nullopt;
  const IcdKey a = *PackIcd10Cm(first), b = *PackIcd10Cm(last.empty() ? first : last);
  if (b < a) return std::nullopt;
  return CodeRange{a, IcdPrefixLast(b)};
}

class TabularReader {
 public:
  TabularReader(Staged* out, ImportReport* report)
      : out_(out), report_(report), texts_(&out->texts) {}

  absl::Status Read(absl::string_view contents) {
    std::unique_ptr<XML_ParserStruct, void (*)(XML_Parser)> parser(XML_ParserCreate(nullptr),
                                                                   XML_ParserFree);
    if (parser == nullptr) return absl::ResourceExhaustedError("cannot create an XML parser");
    parser_ = parser.get();
    XML_SetUserData(parser_, this);
    XML_SetElementHandler(parser_, &TabularReader::Start, &TabularReader::End);
    XML_SetCharacterDataHandler(parser_, &TabularReader::Characters);
    XML_SetStartDoctypeDeclHandler(parser_, &TabularReader::Doctype);
    constexpr size_t kChunk = 1 << 20;
    size_t offset = 0;
    do {
      const size_t n = std::min(kChunk, contents.size() - offset);
      const bool last = offset + n == contents.size();
      if (XML_Parse(parser_, contents.data() + offset, static_cast<int>(n), last) !=
          XML_STATUS_OK) {
        if (!status_.ok()) return status_;
        return absl::InvalidArgumentError(
            absl::StrCat(report_->file, ": line ", XML_GetCurrentLineNumber(parser_),
                         ": malformed XML: ", XML_ErrorString(XML_GetErrorCode(parser_))));
      }
      offset += n;
    } while (offset < contents.size());
    if (!release_) {
      return absl::InvalidArgumentError(
          absl::StrCat(report_->file, ": no <version>, which gives the fiscal year"));
    }
    const Classification codes(std::move(codes_), std::move(seventh_));
    for (Note& note : notes_) {
      out_->icd10cm_notes.push_back({note.scope, release_->effective, release_->end, note.kind,
                                     note.text, Resolve(note.citations, codes)});
    }
    out_->release = release_;
    report_->version = absl::StrCat("FY", year_);
    return absl::OkStatus();
  }

 private:
  enum class Tag {
    kOther,
    kRoot,
    kVersion,
    kChapter,
    kSection,
    kDiag,
    kName,
    kDesc,
    kNotes,
    kNote,
    kSevenChrDef,
    kExtension
  };
  struct Open {
    Tag tag;
    NoteKind kind;  // kNotes
  };
  struct Diag {
    std::optional<IcdKey> code;
    bool named = false;
    int64_t line = 0;
  };
  struct Chapter {
    std::optional<CodeRange> sections, title;
    std::vector<size_t> notes;  // waiting for the chapter's range
  };
  struct Note {
    NoteKind kind;
    uint32_t text;
    CodeRange scope;
    std::vector<Citation> citations;
  };

  static void XMLCALL Start(void* self, const XML_Char* name, const XML_Char** attributes) {
    static_cast<TabularReader*>(self)->OnStart(name, attributes);
  }
  static void XMLCALL End(void* self, const XML_Char*) {
    static_cast<TabularReader*>(self)->OnEnd();
  }
  static void XMLCALL Characters(void* self, const XML_Char* s, int length) {
    static_cast<TabularReader*>(self)->OnCharacters(absl::string_view(s, length));
  }
  static void XMLCALL Doctype(void* self, const XML_Char*, const XML_Char*, const XML_Char*, int) {
    static_cast<TabularReader*>(self)->Fail(
        "a DOCTYPE is not accepted (the tabular list has none)");
  }

  int64_t Line() const { return static_cast<int64_t>(XML_GetCurrentLineNumber(parser_)); }

  void Fail(absl::string_view message) {
    if (!status_.ok()) return;
    status_ =
        absl::InvalidArgumentError(absl::StrCat(report_->file, ": line ", Line(), ": ", message));
    XML_StopParser(parser_, XML_FALSE);
  }

  Tag Parent() const { return open_.empty() ? Tag::kOther : open_.back().tag; }

  static absl::string_view Attribute(const XML_Char** attributes, absl::string_view name) {
    for (int i = 0; attributes[i] != nullptr; i += 2) {
      if (name == attributes[i]) return attributes[i + 1];
    }
    return {};
  }

  void OnStart(absl::string_view name, const XML_Char** attributes) {
    if (!status_.ok()) return;
    if (open_.size() >= kMaxDepth)
      return Fail(absl::StrCat("elements nested over ", kMaxDepth, " deep"));
    const Tag parent = Parent();
    Open open{Tag::kOther, NoteKind::kNote};
    if (open_.empty()) {
      if (name != "ICD10CM.tabular") {
        return Fail(absl::StrCat("the root element is <", name, ">, not <ICD10CM.tabular>"));
      }
      open.tag = Tag::kRoot;
    } else if (parent == Tag::kRoot && name == "version") {
      open.tag = Tag::kVersion;
    } else if (parent == Tag::kRoot && name == "chapter") {
      if (!release_) return Fail("a <chapter> before the <version> that dates the file");
      open.tag = Tag::kChapter;
      chapter_.emplace();
    } else if (parent == Tag::kChapter && name == "section") {
      const absl::string_view id = Attribute(attributes, "id");
      section_ = BlockRange(id);
      if (!section_) return Fail(absl::StrCat("section id '", id, "' is not a code range"));
      CodeRange& span =
          chapter_->sections ? *chapter_->sections : chapter_->sections.emplace(*section_);
      span = {std::min(span.first, section_->first), std::max(span.last, section_->last)};
      open.tag = Tag::kSection;
    } else if ((parent == Tag::kSection || parent == Tag::kDiag || parent == Tag::kChapter) &&
               name == "diag") {
      open.tag = Tag::kDiag;
      diags_.push_back({std::nullopt, false, Line()});
    } else if (parent == Tag::kDiag && name == "name") {
      open.tag = Tag::kName;
    } else if ((parent == Tag::kDiag || parent == Tag::kChapter) && name == "desc") {
      open.tag = Tag::kDesc;
    } else if (parent == Tag::kDiag || parent == Tag::kSection || parent == Tag::kChapter) {
      for (const auto& [element, kind] : kNoteElements) {
        if (name == element) open = {Tag::kNotes, kind};
      }
      if (parent == Tag::kDiag && name == "sevenChrDef") open.tag = Tag::kSevenChrDef;
    } else if (parent == Tag::kNotes && name == "note") {
      open.tag = Tag::kNote;
    } else if (parent == Tag::kSevenChrDef && name == "extension") {
      open.tag = Tag::kExtension;
      extension_ = std::string(Attribute(attributes, "char"));
    }
    open_.push_back(open);
    text_.clear();
  }

  void OnCharacters(absl::string_view s) {
    if (!status_.ok()) return;
    switch (Parent()) {
      case Tag::kVersion:
      case Tag::kName:
      case Tag::kDesc:
      case Tag::kNote:
      case Tag::kExtension:
        if (text_.size() + s.size() > kMaxText) return Fail("a text over 1 MiB");
        text_.append(s.data(), s.size());
        break;
      default:
        break;
    }
  }

  // The diag the element `up` levels above the current one belongs to, when it is one and was
  // read.
  std::optional<IcdKey> DiagAbove(size_t up) const {
    if (open_.size() <= up || open_[open_.size() - 1 - up].tag != Tag::kDiag) return std::nullopt;
    return diags_.back().code;
  }

  void OnEnd() {
    if (!status_.ok()) return;
    const Open open = open_.back();
    open_.pop_back();
    const absl::string_view text = absl::StripAsciiWhitespace(text_);
    switch (open.tag) {
      case Tag::kVersion: {
        int year = 0;
        if (release_ || !absl::SimpleAtoi(text, &year) || year < 1901 || year > 2399) {
          return Fail(
              absl::StrCat("<version> '", text, "' is not the one fiscal year of the file"));
        }
        year_ = year;
        release_ = FiscalYear(year);
        break;
      }
      case Tag::kChapter: {
        const std::optional<CodeRange> scope =
            chapter_->sections ? chapter_->sections : chapter_->title;
        if (!chapter_->notes.empty() && !scope) {
          return Fail("a chapter with notes has no sections and no code range in its <desc>");
        }
        for (const size_t i : chapter_->notes) notes_[i].scope = *scope;
        chapter_.reset();
        break;
      }
      case Tag::kSection:
        section_.reset();
        break;
      case Tag::kDiag:
        if (!diags_.back().named)
          RejectRow(report_, diags_.back().line, "a <diag> without a <name>");
        diags_.pop_back();
        break;
      case Tag::kName: {
        Diag& diag = diags_.back();
        if (diag.named) return Fail("a second <name> in a <diag>");
        diag.named = true;
        diag.code = PackIcd10Cm(text);
        if (!diag.code) {
          return RejectRow(report_, Line(),
                           absl::StrCat("<name> '", text, "' is not an ICD-10-CM code"));
        }
        // A code is listed once; a second diag would give it two titles.
        if (auto [it, inserted] = first_line_.try_emplace(*diag.code, Line()); !inserted) {
          diag.code.reset();
          return RejectRow(
              report_, Line(),
              absl::StrCat("<name> '", text, "' is listed again (first on line ", it->second, ")"));
        }
        AcceptRow(report_);
        codes_.push_back(*diag.code);
        break;
      }
      case Tag::kDesc:
        if (Parent() == Tag::kChapter) {
          static const LazyRE2 kTitleRange = {R"(\(([A-Z][0-9][0-9A-Z]-[A-Z][0-9][0-9A-Z])\)$)"};
          std::string range;
          if (RE2::PartialMatch(Piece(text), *kTitleRange, &range)) {
            chapter_->title = BlockRange(range);
          }
        } else if (const std::optional<IcdKey> code = DiagAbove(0)) {
          out_->icd10cm_names.push_back(
              {*code, release_->effective, release_->end, kNoText, texts_.InternOrNone(text)});
        }
        break;
      case Tag::kNote:
        AddNote(open_.back().kind, text);
        break;
      case Tag::kExtension: {
        if (extension_.size() != 1 ||
            !absl::ascii_isalnum(static_cast<unsigned char>(extension_[0])) ||
            absl::ascii_islower(static_cast<unsigned char>(extension_[0]))) {
          return Fail(absl::StrCat("extension char '", extension_, "' is not one letter or digit"));
        }
        if (const std::optional<IcdKey> code = DiagAbove(1)) {
          out_->icd10cm_seventh.push_back({*code, release_->effective, release_->end, extension_[0],
                                           texts_.InternOrNone(text)});
          seventh_[*code].push_back(extension_[0]);
        }
        break;
      }
      default:
        break;
    }
  }

  // A <note> of a notes element: its scope is the diag, section or chapter the element sits on.
  void AddNote(NoteKind kind, absl::string_view text) {
    if (text.empty()) return;
    const Tag owner = open_[open_.size() - 2].tag;
    Note note{kind, texts_.InternOrNone(text), {0, 0}, ParseCitations(text)};
    if (owner == Tag::kDiag) {
      const std::optional<IcdKey> code = DiagAbove(1);
      if (!code) return;  // the diag was rejected
      note.scope = {*code, IcdPrefixLast(*code)};
    } else if (owner == Tag::kSection) {
      note.scope = *section_;
    } else {
      chapter_->notes.push_back(notes_.size());
    }
    notes_.push_back(std::move(note));
  }

  Staged* out_;
  ImportReport* report_;
  Interner texts_;
  XML_Parser parser_ = nullptr;
  absl::Status status_;
  std::vector<Open> open_;
  std::string text_;
  std::string extension_;
  int year_ = 0;
  std::optional<StagedRelease> release_;
  std::optional<Chapter> chapter_;
  std::optional<CodeRange> section_;
  std::vector<Diag> diags_;
  std::vector<Note> notes_;
  std::vector<IcdKey> codes_;
  absl::flat_hash_map<IcdKey, int64_t> first_line_;
  absl::flat_hash_map<IcdKey, std::string> seventh_;
};

}  // namespace

absl::Status ImportIcd10CmOrder(absl::string_view contents, Staged* out, ImportReport* report) {
  CODERULES_RETURN_IF_ERROR(OrderRelease(report->file, out, report));
  const StagedRelease release = *out->release;
  absl::flat_hash_map<IcdKey, int64_t> first_line;
  Interner texts(&out->texts);
  int64_t number = 0;
  for (absl::string_view line : absl::StrSplit(contents, '\n')) {
    ++number;
    absl::ConsumeSuffix(&line, "\r");
    if (absl::StripAsciiWhitespace(line).empty()) continue;
    StagedIcdValidity validity;
    std::string short_title, long_title;
    absl::Status status = ParseOrderRecord(line, release, &validity, &short_title, &long_title);
    if (status.ok()) {
      // A release lists each code once; a second record would leave its flag ambiguous.
      auto [it, inserted] = first_line.try_emplace(validity.code, number);
      if (!inserted) {
        status = absl::InvalidArgumentError(absl::StrCat("code ", IcdCodeText(validity.code),
                                                         " is listed again (first on line ",
                                                         it->second, ")"));
      }
    }
    if (!status.ok()) {
      RejectRow(report, number, status.message());
      continue;
    }
    AcceptRow(report);
    out->icd10cm_validity.push_back(validity);
    out->icd10cm_names.push_back({validity.code, release.effective, release.end,
                                  texts.InternOrNone(short_title), texts.InternOrNone(long_title)});
  }
  if (report->rows_read == 0) {
    return absl::InvalidArgumentError(absl::StrCat(report->file, ": no ICD-10-CM order records"));
  }
  out->coverage.push_back({CodeSystem::kIcd10Cm, release.effective, release.end});
  return absl::OkStatus();
}

absl::Status ImportIcd10CmTabular(absl::string_view contents, Staged* out, ImportReport* report) {
  return TabularReader(out, report).Read(contents);
}

}  // namespace coderules::internal
