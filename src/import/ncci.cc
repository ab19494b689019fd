#include "src/import/ncci.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "coderules/code.h"
#include "coderules/v1/rules.pb.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"
#include "src/import/table_reader.h"
#include "src/internal/status_macros.h"
#include "src/pack/pack_format.h"

namespace coderules::internal {
namespace {

// One row's cells, in the meaning the importers give them; shared by the published files and
// the textproto rule sets, so that both are validated the same way.
struct PtpCells {
  absl::string_view column1, column2, effective, deletion, indicator, rationale;
};
struct MueCells {
  absl::string_view code, value, mai, rationale, effective, end;
};
struct AddOnCells {
  absl::string_view add_on, add_on_deletion, primary, primary_deletion, type, effective, deletion;
};

absl::StatusOr<ProcedureKey> Code(absl::string_view what, absl::string_view text) {
  std::optional<ProcedureKey> key = PackProcedureCode(text);
  if (!key) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, " '", text, "' is not a CPT or HCPCS code"));
  }
  return *key;
}

absl::StatusOr<Day> Date(absl::string_view what, absl::string_view text, Day blank) {
  // A lone '*' marks "no data" in the PTP files.
  if (absl::StripAsciiWhitespace(text) == "*") text = "";
  std::optional<Day> day = ParsePublishedDate(text, blank);
  if (!day) return absl::InvalidArgumentError(absl::StrCat(what, " '", text, "' is not a date"));
  return *day;
}

absl::StatusOr<StagedPtp> MakePtp(const PtpCells& c, Interner& rationales) {
  StagedPtp row{};
  absl::StatusOr<ProcedureKey> c1 = Code("column 1", c.column1);
  if (!c1.ok()) return c1.status();
  absl::StatusOr<ProcedureKey> c2 = Code("column 2", c.column2);
  if (!c2.ok()) return c2.status();
  if (*c1 == *c2) return absl::InvalidArgumentError("column 1 and column 2 are the same code");
  row.column1 = *c1;
  row.column2 = *c2;
  if (absl::StripAsciiWhitespace(c.effective).empty()) {
    return absl::InvalidArgumentError("effective date is missing");
  }
  absl::StatusOr<Day> effective = Date("effective date", c.effective, kBeginning);
  if (!effective.ok()) return effective.status();
  absl::StatusOr<Day> deletion = Date("deletion date", c.deletion, kForever);
  if (!deletion.ok()) return deletion.status();
  if (*deletion < *effective) {
    return absl::InvalidArgumentError("deletion date is before the effective date");
  }
  row.effective = *effective;
  row.deletion = *deletion;
  const absl::string_view indicator = absl::StripAsciiWhitespace(c.indicator);
  if (indicator != "0" && indicator != "1" && indicator != "9") {
    return absl::InvalidArgumentError(
        absl::StrCat("modifier indicator '", indicator, "' is not 0, 1 or 9"));
  }
  row.indicator = static_cast<uint8_t>(indicator[0] - '0');
  row.rationale = rationales.Intern(c.rationale);
  return row;
}

absl::StatusOr<StagedMue> MakeMue(const MueCells& c, Interner& rationales) {
  StagedMue row{};
  absl::StatusOr<ProcedureKey> code = Code("code", c.code);
  if (!code.ok()) return code.status();
  row.code = *code;
  const absl::string_view value = absl::StripAsciiWhitespace(c.value);
  if (!absl::SimpleAtoi(value, &row.value) || row.value < 0 || !absl::ascii_isdigit(value[0])) {
    return absl::InvalidArgumentError(
        absl::StrCat("MUE value '", value, "' is not a whole number of units"));
  }
  // The published cell reads "2 Date of Service Edit: Policy"; its first character is the MAI.
  const absl::string_view mai = absl::StripAsciiWhitespace(c.mai);
  if (mai.empty() || mai[0] < '1' || mai[0] > '3' ||
      (mai.size() > 1 && absl::ascii_isdigit(static_cast<unsigned char>(mai[1])))) {
    return absl::InvalidArgumentError(
        absl::StrCat("MUE adjudication indicator '", mai, "' is not 1, 2 or 3"));
  }
  row.mai = static_cast<uint8_t>(mai[0] - '0');
  absl::StatusOr<Day> effective = Date("effective date", c.effective, kBeginning);
  if (!effective.ok()) return effective.status();
  absl::StatusOr<Day> end = Date("end date", c.end, kForever);
  if (!end.ok()) return end.status();
  if (*end < *effective) return absl::InvalidArgumentError("end date is before the effective date");
  row.effective = *effective;
  row.end = *end;
  row.rationale = rationales.Intern(c.rationale);
  return row;
}

absl::StatusOr<StagedAddOn> MakeAddOn(const AddOnCells& c) {
  StagedAddOn row{};
  absl::StatusOr<ProcedureKey> add_on = Code("add-on code", c.add_on);
  if (!add_on.ok()) return add_on.status();
  row.add_on = *add_on;
  const absl::string_view type = absl::StripAsciiWhitespace(c.type);
  if (type != "1" && type != "2" && type != "3") {
    return absl::InvalidArgumentError(absl::StrCat("edit type '", type, "' is not 1, 2 or 3"));
  }
  row.type = static_cast<uint8_t>(type[0] - '0');
  if (absl::EqualsIgnoreCase(absl::StripAsciiWhitespace(c.primary), "CCCCC")) {
    row.primary = kContractorPrimary;
  } else {
    absl::StatusOr<ProcedureKey> primary = Code("primary code", c.primary);
    if (!primary.ok()) return primary.status();
    row.primary = *primary;
  }
  absl::StatusOr<Day> effective = Date("edit effective date", c.effective, kBeginning);
  if (!effective.ok()) return effective.status();
  Day end = kForever;
  for (auto [what, text] : {std::pair{"add-on deletion date", c.add_on_deletion},
                            std::pair{"primary deletion date", c.primary_deletion},
                            std::pair{"edit deletion date", c.deletion}}) {
    absl::StatusOr<Day> day = Date(what, text, kForever);
    if (!day.ok()) return day.status();
    end = std::min(end, *day);
  }
  row.effective = *effective;
  // An add-on or primary deleted before the edit took effect leaves a row that never applies; it
  // is kept (nothing is dropped) with an empty window.
  row.end = std::max(end, *effective);
  return row;
}

// Finds a column whose normalized header satisfies `match`; -1 when none does.
template <typename Match>
int Column(const std::vector<std::string>& header, Match match) {
  for (size_t i = 0; i < header.size(); ++i) {
    if (match(NormalizeHeader(header[i]))) return static_cast<int>(i);
  }
  return -1;
}

absl::string_view Cell(const std::vector<std::string>& fields, int column) {
  if (column < 0 || static_cast<size_t>(column) >= fields.size()) return {};
  return fields[column];
}

// Reads records up to the header, which `is_header` recognises; then hands each data record to
// `row`, which returns the reject reason or OK. Records right after the header with empty first
// two cells continue the header (published headers wrap).
template <typename IsHeader, typename Row>
absl::Status ReadTable(absl::string_view contents, RecordReader::Format format,
                       absl::string_view header_description, IsHeader is_header, Row row,
                       ImportReport* report) {
  RecordReader reader(contents, format);
  std::vector<std::string> fields;
  int64_t line = 0;
  bool found = false;
  while (reader.Next(&fields, &line)) {
    if (is_header(fields)) {
      found = true;
      break;
    }
  }
  if (!found) {
    return absl::InvalidArgumentError(
        absl::StrCat(report->file, ": no header row found (expected ", header_description, ")"));
  }
  bool in_header = true;
  while (reader.Next(&fields, &line)) {
    if (IsBlankRecord(fields)) continue;
    if (in_header && Cell(fields, 0).empty() && Cell(fields, 1).empty()) continue;
    in_header = false;
    absl::Status status = row(fields, line);
    if (status.ok()) {
      AcceptRow(report);
    } else {
      RejectRow(report, line, status.message());
    }
  }
  if (reader.error()) {
    RejectRow(report, line, "a quoted field is not closed before the end of the file");
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ImportPtp(absl::string_view contents, bool facility, Staged* out,
                       ImportReport* report) {
  Interner rationales(&out->rationales);
  std::vector<StagedPtp>& rows = facility ? out->ptp_facility : out->ptp_practitioner;
  int c1 = -1, c2 = -1, effective = -1, deletion = -1, indicator = -1, rationale = -1;
  auto is_header = [&](const std::vector<std::string>& header) {
    c1 = Column(header, [](const std::string& h) { return h == "column 1"; });
    c2 = Column(header, [](const std::string& h) { return h == "column 2"; });
    effective =
        Column(header, [](const std::string& h) { return absl::StartsWith(h, "effective"); });
    deletion = Column(header, [](const std::string& h) { return absl::StartsWith(h, "deletion"); });
    indicator =
        Column(header, [](const std::string& h) { return absl::StartsWith(h, "modifier"); });
    rationale =
        Column(header, [](const std::string& h) { return absl::StrContains(h, "rationale"); });
    return c1 >= 0 && c2 >= 0 && effective >= 0 && deletion >= 0 && indicator >= 0;
  };
  auto row = [&](const std::vector<std::string>& f, int64_t line) -> absl::Status {
    if (static_cast<int>(f.size()) <= std::max({c1, c2, effective, deletion, indicator})) {
      return absl::InvalidArgumentError(absl::StrCat("only ", f.size(), " fields"));
    }
    absl::StatusOr<StagedPtp> staged =
        MakePtp({Cell(f, c1), Cell(f, c2), Cell(f, effective), Cell(f, deletion),
                 Cell(f, indicator), Cell(f, rationale)},
                rationales);
    if (!staged.ok()) return staged.status();
    rows.push_back(*staged);
    return absl::OkStatus();
  };
  return ReadTable(contents, RecordReader::Format::kTab,
                   "'Column 1', 'Column 2', 'Effective Date', 'Deletion Date', 'Modifier'",
                   is_header, row, report);
}

absl::Status ImportMue(absl::string_view contents, bool facility, Staged* out,
                       ImportReport* report) {
  Interner rationales(&out->rationales);
  std::vector<StagedMue>& rows = facility ? out->mue_facility : out->mue_practitioner;
  int code = -1, value = -1, mai = -1, rationale = -1;
  auto is_header = [&](const std::vector<std::string>& header) {
    code = Column(header, [](const std::string& h) { return absl::StrContains(h, "hcpcs"); });
    value = Column(header, [](const std::string& h) { return absl::StrContains(h, "mue value"); });
    mai = Column(header, [](const std::string& h) {
      return absl::StrContains(h, "adjudication indicator") || h == "mai";
    });
    rationale =
        Column(header, [](const std::string& h) { return absl::StrContains(h, "rationale"); });
    return code >= 0 && value >= 0 && mai >= 0;
  };
  absl::flat_hash_map<uint32_t, int64_t> first_line;
  auto row = [&](const std::vector<std::string>& f, int64_t line) -> absl::Status {
    absl::StatusOr<StagedMue> staged = MakeMue(
        {Cell(f, code), Cell(f, value), Cell(f, mai), Cell(f, rationale), {}, {}}, rationales);
    if (!staged.ok()) return staged.status();
    // A file lists each code once; a second row would leave the limit ambiguous.
    auto [it, inserted] = first_line.try_emplace(staged->code, line);
    if (!inserted) {
      return absl::InvalidArgumentError(absl::StrCat("code ", ProcedureCodeText(staged->code),
                                                     " is listed again (first on line ", it->second,
                                                     ")"));
    }
    rows.push_back(*staged);
    return absl::OkStatus();
  };
  return ReadTable(contents, RecordReader::Format::kCsv,
                   "'HCPCS/CPT Code', '... MUE Values', 'MUE Adjudication Indicator'", is_header,
                   row, report);
}

absl::Status ImportAddOn(absl::string_view contents, Staged* out, ImportReport* report) {
  int add_on = -1, add_on_deletion = -1, primary = -1, primary_deletion = -1, type = -1,
      effective = -1, deletion = -1;
  auto is_header = [&](const std::vector<std::string>& header) {
    add_on = Column(header,
                    [](const std::string& h) { return h == "add on code" || h == "addon code"; });
    add_on_deletion =
        Column(header, [](const std::string& h) { return absl::StartsWith(h, "aoc del dt"); });
    primary = Column(header, [](const std::string& h) { return h == "primary code"; });
    primary_deletion = Column(
        header, [](const std::string& h) { return absl::StartsWith(h, "primary code del dt"); });
    type = Column(header, [](const std::string& h) { return absl::StrContains(h, "edit type"); });
    effective =
        Column(header, [](const std::string& h) { return absl::StartsWith(h, "aoc edit eff dt"); });
    deletion =
        Column(header, [](const std::string& h) { return absl::StartsWith(h, "aoc edit del dt"); });
    return add_on >= 0 && primary >= 0 && type >= 0 && effective >= 0;
  };
  auto row = [&](const std::vector<std::string>& f, int64_t line) -> absl::Status {
    absl::StatusOr<StagedAddOn> staged = MakeAddOn(
        {Cell(f, add_on), Cell(f, add_on_deletion), Cell(f, primary), Cell(f, primary_deletion),
         Cell(f, type), Cell(f, effective), Cell(f, deletion)});
    if (!staged.ok()) return staged.status();
    out->add_on.push_back(*staged);
    return absl::OkStatus();
  };
  return ReadTable(contents, RecordReader::Format::kCsv,
                   "'Add-on Code', 'Primary Code', 'AOC Edit Type', 'AOC_Edit_EFF_DT'", is_header,
                   row, report);
}

namespace {

class CollectErrors : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, google::protobuf::io::ColumnNumber column,
                const std::string& message) override {
    if (first_.empty()) first_ = absl::StrCat("line ", line + 1, ":", column + 1, ": ", message);
  }
  const std::string& first() const { return first_; }

 private:
  std::string first_;
};

// Validates each entry of a repeated rule field and stages the good ones; `line_of(i)` gives the
// 1-based line of entry i.
template <typename Entry, typename Make, typename Stage>
void StageEntries(const google::protobuf::RepeatedPtrField<Entry>& entries,
                  const google::protobuf::FieldDescriptor* field,
                  const google::protobuf::TextFormat::ParseInfoTree& tree, Make make, Stage stage,
                  ImportReport* report) {
  for (int i = 0; i < entries.size(); ++i) {
    auto staged = make(entries[i]);
    if (staged.ok()) {
      AcceptRow(report);
      stage(*staged);
    } else {
      RejectRow(report, tree.GetLocation(field, i).line + 1,
                absl::StrCat(field->name(), ": ", staged.status().message()));
    }
  }
}

}  // namespace

absl::Status ImportRuleSet(absl::string_view contents, Staged* out, ImportReport* report) {
  v1::RuleSet rules;
  google::protobuf::TextFormat::Parser parser;
  CollectErrors errors;
  google::protobuf::TextFormat::ParseInfoTree tree;
  parser.RecordErrorsTo(&errors);
  parser.WriteLocationsTo(&tree);
  if (!parser.ParseFromString(std::string(contents), &rules)) {
    return absl::InvalidArgumentError(absl::StrCat(report->file, ": ", errors.first()));
  }
  report->version = rules.version();
  if (!rules.source().empty()) report->file = rules.source();
  Interner rationales(&out->rationales);
  const google::protobuf::Descriptor* d = rules.GetDescriptor();
  auto ptp = [&](const v1::PtpEdit& e) {
    return MakePtp({e.column1(), e.column2(), e.effective_date(), e.deletion_date(),
                    e.modifier_indicator(), e.rationale()},
                   rationales);
  };
  auto mue = [&](const v1::MueEdit& e) {
    if (!e.has_value()) {
      return absl::StatusOr<StagedMue>(absl::InvalidArgumentError("value is missing"));
    }
    const std::string value = absl::StrCat(e.value()), mai = absl::StrCat(e.mai());
    return MakeMue({e.code(), value, mai, e.rationale(), e.effective_date(), e.end_date()},
                   rationales);
  };
  auto add_on = [&](const v1::AddOnEdit& e) {
    const std::string type = absl::StrCat(e.type());
    return MakeAddOn({e.add_on(), e.add_on_deletion_date(), e.primary(), e.primary_deletion_date(),
                      type, e.effective_date(), e.deletion_date()});
  };
  StageEntries(
      rules.ptp_practitioner(), d->FindFieldByName("ptp_practitioner"), tree, ptp,
      [&](const StagedPtp& r) { out->ptp_practitioner.push_back(r); }, report);
  StageEntries(
      rules.ptp_facility(), d->FindFieldByName("ptp_facility"), tree, ptp,
      [&](const StagedPtp& r) { out->ptp_facility.push_back(r); }, report);
  StageEntries(
      rules.mue_practitioner(), d->FindFieldByName("mue_practitioner"), tree, mue,
      [&](const StagedMue& r) { out->mue_practitioner.push_back(r); }, report);
  StageEntries(
      rules.mue_facility(), d->FindFieldByName("mue_facility"), tree, mue,
      [&](const StagedMue& r) { out->mue_facility.push_back(r); }, report);
  StageEntries(
      rules.add_on(), d->FindFieldByName("add_on"), tree, add_on,
      [&](const StagedAddOn& r) { out->add_on.push_back(r); }, report);
  Interner texts(&out->texts);
  auto window = [](absl::string_view effective, absl::string_view end, Day* from,
                   Day* to) -> absl::Status {
    CODERULES_ASSIGN_OR_RETURN(*from, Date("effective date", effective, kBeginning));
    CODERULES_ASSIGN_OR_RETURN(*to, Date("end date", end, kForever));
    if (*to < *from) return absl::InvalidArgumentError("end date is before the effective date");
    return absl::OkStatus();
  };
  auto modifier = [&](const v1::ModifierDef& e) -> absl::StatusOr<StagedModifier> {
    const std::optional<ModifierKey> key = PackModifier(e.code());
    if (!key) return absl::InvalidArgumentError(absl::StrCat("'", e.code(), "' is not a modifier"));
    StagedModifier row{*key, 0, 0, texts.InternOrNone(e.title())};
    CODERULES_RETURN_IF_ERROR(window(e.effective_date(), e.end_date(), &row.effective, &row.end));
    return row;
  };
  auto place = [&](const v1::PlaceOfServiceDef& e) -> absl::StatusOr<StagedPlaceOfService> {
    int code = 0;
    if (e.code().size() != 2 || !absl::SimpleAtoi(e.code(), &code)) {
      return absl::InvalidArgumentError(
          absl::StrCat("'", e.code(), "' is not a two-digit place of service"));
    }
    StagedPlaceOfService row{static_cast<uint16_t>(code), 0, 0, texts.Intern(e.name())};
    CODERULES_RETURN_IF_ERROR(window(e.effective_date(), e.end_date(), &row.effective, &row.end));
    return row;
  };
  StageEntries(
      rules.modifiers(), d->FindFieldByName("modifiers"), tree, modifier,
      [&](const StagedModifier& r) { out->modifiers.push_back(r); }, report);
  StageEntries(
      rules.places_of_service(), d->FindFieldByName("places_of_service"), tree, place,
      [&](const StagedPlaceOfService& r) { out->places_of_service.push_back(r); }, report);
  return absl::OkStatus();
}

}  // namespace coderules::internal
