// The HCPCS Level II and MPFS RVU importers on small hand-written files in the published layouts.
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "coderules/code.h"
#include "coderules/engine.h"
#include "coderules/lookup.h"
#include "coderules/rule_pack.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "src/import/code_sets.h"
#include "src/pack/staged.h"
#include "tests/test_util.h"

namespace coderules {
namespace {

using internal::Day;
using internal::FormatIsoDate;
using internal::Staged;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::Lookup;
using testing::PackOfBuilder;

// A first record line of the 320-character layout: code (columns 1-5), sequence number (6-10),
// record id (11), long description (12-91), short description (92-119), add date (269-276),
// action effective date (277-284), termination date (285-292), action code (293).
std::string Record(const std::string& code, char id, const std::string& long_title,
                   const std::string& short_title, const std::string& added,
                   const std::string& terminated, char action) {
  std::string line(320, ' ');
  auto put = [&](size_t column, const std::string& text) {
    line.replace(column - 1, text.size(), text);
  };
  put(1, code);
  put(6, "00100");
  line[10] = id;
  put(12, long_title);
  put(92, short_title);
  put(269, added);
  put(277, added);
  put(285, terminated);
  line[292] = action;
  return line + "\r\n";
}

// A continuation line, right-trimmed as published.
std::string More(const std::string& code, const std::string& sequence, char id,
                 const std::string& text) {
  return absl::StrCat(code, sequence, std::string(1, id), text, "\r\n");
}

// The disclaimer, then records on known lines.
const std::string& HcpcsFile() {
  static const std::string* file = new std::string(absl::StrCat(
      "Note regarding coverage and payment indicators for codes in CMS\xae 2020 HCPCS Update\r\n",
      "\r\n", "This is neither an indicator of Medicare coverage or non-coverage.\r\n",
      // line 4: open-ended, clipped at the release's end
      Record("A0021", '3', "Ambulance service, outside state per mile, transport (medicaid only)",
             "Outside state ambulance serv", "19850101", "", 'N'),
      // lines 5-7: a long description over three lines
      Record("G0501", '3',
             "Resource-intensive services for patients for whom the use of specialized",
             "Resource-inten svc during ov", "20170101", "", 'N'),
      More("G0501", "00200", '4',
           "mobility-assistive technology (such as adjustable height chairs or tables,"),
      More("G0501", "00300", '4', " visit (list separately in addition to primary service)"),
      // line 8: terminated before the release
      Record("J9031", '3', "Bcg (intravesical) per instillation", "Bcg live intravesical vac",
             "19910101", "20190630", 'D'),
      // line 9: terminated inside the release
      Record("K1001", '3', "Electronic positional obstructive sleep apnea treatment",
             "Electronic pos osa treatment", "20200101", "20200630", 'A'),
      // line 10: no add date, cp1252 quotes
      Record("Q5117", '3', "Injection, trastuzumab-anns, \x93kanjinti\x94, biosimilar, 10 mg",
             "Inj., kanjinti, 10 mg", "", "", 'A'),
      // lines 11-12: a modifier and its continuation
      Record("   AD", '7',
             "Medical supervision by a physician: more than four concurrent anesthesia",
             "Md supervision, >4 anes proc", "19840101", "", 'N'),
      More("   AD", "00200", '8', "procedures"),
      // line 13: a terminated modifier
      Record("   GD", '7', "Units of service exceeds medically unlikely edit value",
             "Unit of service > mue value", "20080101", "20191231", 'D'),
      // line 14 on: rejected
      More("A9999", "00200", '4', "a continuation without its first line"),
      Record("A4206", '3', "Syringe with needle, sterile, 1 cc or less, each",
             "Syringe with needle 1 cc", "2020013X", "", 'N'),
      More("A4206", "00200", '4', "belongs to the rejected record above"),  // line 16
      Record("1234A", '3', "A CPT-shaped code", "Cpt shaped", "20200101", "", 'N'),
      "A4207001003Syringe with needle\r\n",  // line 18
      Record("A4208", '5', "Syringe with needle, sterile, 3 cc", "Syringe w/needle 3 cc",
             "20200101", "", 'N'),
      "end of the file's records\r\n",  // line 20
      Record("A4209", '3', "Syringe with needle, sterile, 5 cc", "Syringe w/needle 5 cc",
             "20200101", "20190101", 'N'),
      Record("A4210", '3', "Needle-free injection device, each", "Nonneedle injection device",
             "20210101", "", 'A'),
      Record("A4211", '3', "Supplies for self-administered injections",
             "Supp for self-adm injections", "20200101", "", ' '),
      Record("  XGT", '7', "A modifier out of its columns", "Out of place", "20200101", "", 'N'),
      Record("A4212", '3', "Non-coring needle or stylet with or without catheter",
             "Non coring needle or stylet", "20200101", "20200230", 'N'),
      More("   GD", "00200", '4', "a procedure continuation after a modifier"),  // line 26
      "\r\n"));
  return *file;
}

std::vector<std::string> Reasons(const ImportReport& report) {
  std::vector<std::string> out;
  for (const RejectedRow& row : report.rejected) {
    out.push_back(absl::StrCat(row.line, ": ", row.reason));
  }
  return out;
}

std::string Window(Day effective, Day end) {
  return absl::StrCat(FormatIsoDate(effective), " .. ", FormatIsoDate(end));
}

std::string Text(const Staged& staged, uint32_t index) {
  return index == internal::kNoText ? "(none)" : staged.texts[index];
}

TEST(HcpcsImportTest, ReleasePeriodFromName) {
  const std::string one =
      Record("A0021", '3', "Ambulance service", "Ambulance service", "19850101", "", 'N');
  struct Case {
    std::string name, effective, end, version;
  };
  for (const Case& c :
       std::vector<Case>{{"HCPC2020_ANWEB_w_disclaimer.txt", "2020-01-01", "2021-01-01", "2020"},
                         {"HCPC2022_JAN_ANWEB.txt", "2022-01-01", "2023-01-01", "2022-01"},
                         {"HCPC2024_APR_ANWEB.txt", "2024-04-01", "2025-01-01", "2024-04"},
                         {"HCPC2023_JUL_ANWEB_v3.txt", "2023-07-01", "2024-01-01", "2023-07"},
                         {"HCPC2025_OCT_ANWEB_v2.txt", "2025-10-01", "2026-01-01", "2025-10"},
                         {"hcpc2021_oct_anweb.txt", "2021-10-01", "2022-01-01", "2021-10"}}) {
    SCOPED_TRACE(c.name);
    Staged staged;
    ImportReport report;
    report.file = c.name;
    ASSERT_TRUE(internal::ImportHcpcs(one, &staged, &report).ok());
    ASSERT_TRUE(staged.release.has_value());
    EXPECT_EQ(Window(staged.release->effective, staged.release->end),
              absl::StrCat(c.effective, " .. ", c.end));
    EXPECT_EQ(report.version, c.version);
    ASSERT_EQ(staged.coverage.size(), 2u);
    EXPECT_EQ(staged.coverage[0].system, internal::CodeSystem::kHcpcs);
    EXPECT_EQ(staged.coverage[1].system, internal::CodeSystem::kModifier);
    for (const internal::StagedCoverage& coverage : staged.coverage) {
      EXPECT_EQ(coverage.effective, staged.release->effective);
      EXPECT_EQ(coverage.end, staged.release->end);
    }
    // The release's end clips the open window.
    ASSERT_EQ(staged.hcpcs.size(), 1u);
    EXPECT_EQ(staged.hcpcs[0].end, staged.release->end);
  }
  for (const std::string name : {"hcpcs.txt", "HCPC_ANWEB.txt", "HCPC20_ANWEB.txt"}) {
    Staged staged;
    ImportReport report;
    report.file = name;
    const absl::Status status = internal::ImportHcpcs(one, &staged, &report);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << name;
    EXPECT_THAT(status.message(), HasSubstr(name));
    EXPECT_THAT(status.message(), HasSubstr("HCPC2020_ANWEB.txt"));
    EXPECT_TRUE(staged.hcpcs.empty());
  }
}

TEST(HcpcsImportTest, RecordsWindowsAndRejectedRows) {
  Staged staged;
  ImportReport report;
  report.file = "HCPC2020_ANWEB.txt";
  ASSERT_TRUE(internal::ImportHcpcs(HcpcsFile(), &staged, &report).ok());
  EXPECT_EQ(report.version, "2020");
  EXPECT_EQ(report.rows_read, 19);
  EXPECT_EQ(report.rows_accepted, 7);
  EXPECT_EQ(report.rows_rejected, 12);
  EXPECT_THAT(
      Reasons(report),
      ElementsAre(
          "14: continuation line (record id 4) of 'A9999' without its first line (record id 3)",
          "15: add date '2020013X' is not a date (YYYYMMDD)",
          "17: code '1234A' is not a HCPCS Level II code (a letter, four digits)",
          "18: the line has 30 characters; a record runs to column 293 at least",
          "19: record id '5' is not 3, 4, 7 or 8",
          "20: not a HCPCS record (no sequence number and record id in columns 6-11)",
          "21: termination date 2019-01-01 is before the add date 2020-01-01",
          "22: add date 2021-01-01 is after the release's period, which ends 2020-12-31",
          "23: action code ' ' is not a letter",
          "24: modifier '  XGT' is not two letters or digits in columns 4-5",
          "25: termination date '20200230' is not a date (YYYYMMDD)",
          "26: continuation line (record id 4) of 'GD' without its first line (record id 3)"));

  std::vector<std::string> rows;
  for (const internal::StagedHcpcs& r : staged.hcpcs) {
    rows.push_back(absl::StrCat(ProcedureCodeText(r.code), " ", Window(r.effective, r.end), " ",
                                std::string(1, r.action), " | ", Text(staged, r.short_title), " | ",
                                Text(staged, r.long_title)));
  }
  EXPECT_THAT(
      rows,
      ElementsAre(
          "A0021 1985-01-01 .. 2021-01-01 N | Outside state ambulance serv | Ambulance service, "
          "outside state per mile, transport (medicaid only)",
          "G0501 2017-01-01 .. 2021-01-01 N | Resource-inten svc during ov | Resource-intensive "
          "services for patients for whom the use of specialized mobility-assistive technology "
          "(such as adjustable height chairs or tables, visit (list separately in addition to "
          "primary service)",
          "J9031 1991-01-01 .. 2019-07-01 D | Bcg live intravesical vac | Bcg (intravesical) per "
          "instillation",
          "K1001 2020-01-01 .. 2020-07-01 A | Electronic pos osa treatment | Electronic "
          "positional obstructive sleep apnea treatment",
          "Q5117 2020-01-01 .. 2021-01-01 A | Inj., kanjinti, 10 mg | Injection, trastuzumab-anns, "
          "\u201ckanjinti\u201d, biosimilar, 10 mg"));
  std::vector<std::string> modifiers;
  for (const internal::StagedModifier& m : staged.modifiers) {
    modifiers.push_back(absl::StrCat(ModifierText(m.modifier), " ", Window(m.effective, m.end),
                                     " | ", Text(staged, m.title)));
  }
  EXPECT_THAT(modifiers,
              ElementsAre("AD 1984-01-01 .. 2021-01-01 | Medical supervision by a physician: more "
                          "than four concurrent anesthesia procedures",
                          "GD 2008-01-01 .. 2020-01-01 | Units of service exceeds medically "
                          "unlikely edit value"));
}

TEST(HcpcsImportTest, NoRecordsIsAnError) {
  Staged staged;
  ImportReport report;
  report.file = "HCPC2020_ANWEB.txt";
  const absl::Status status =
      internal::ImportHcpcs("A disclaimer\r\nand nothing else\r\n", &staged, &report);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("HCPC2020_ANWEB.txt: no HCPCS records"));
}

TEST(HcpcsImportTest, PackLookupAndEngine) {
  // The file's rejected rows are listed above; the rest make the pack.
  PackBuilder builder("test");
  absl::StatusOr<ImportReport> report =
      builder.AddContents(SourceKind::kHcpcs, "HCPC2020_ANWEB.txt", HcpcsFile());
  EXPECT_TRUE(report.ok()) << report.status();
  report =
      builder.AddContents(SourceKind::kRules, "modifiers.textproto", "modifiers { code: \"25\" }");
  EXPECT_TRUE(report.ok()) << report.status();
  std::shared_ptr<const RulePack> pack = PackOfBuilder(std::move(builder));
  ASSERT_NE(pack, nullptr);
  const v1::CodeInfo k1001 = Lookup(*pack, "k1001", "2020-03-01");
  EXPECT_EQ(k1001.system(), v1::HCPCS);
  EXPECT_EQ(k1001.on_date(), v1::CodeInfo::BILLABLE);
  EXPECT_EQ(k1001.description(), "Electronic positional obstructive sleep apnea treatment");
  ASSERT_EQ(k1001.titles_size(), 1);
  EXPECT_EQ(k1001.titles(0).short_title(), "Electronic pos osa treatment");
  ASSERT_EQ(k1001.validity_size(), 1);
  EXPECT_EQ(k1001.validity(0).window().effective(), "2020-01-01");
  EXPECT_EQ(k1001.validity(0).window().end(), "2020-07-01");
  EXPECT_EQ(Lookup(*pack, "K1001", "2020-07-01").on_date(), v1::CodeInfo::NOT_VALID);
  EXPECT_EQ(Lookup(*pack, "J9031", "2020-03-01").on_date(), v1::CodeInfo::NOT_VALID);
  // Outside the release the pack cannot tell.
  EXPECT_EQ(Lookup(*pack, "A0021", "2021-01-01").on_date(), v1::CodeInfo::CANNOT_TELL);
  const v1::CodeInfo ad = Lookup(*pack, "AD", "2020-03-01");
  EXPECT_EQ(ad.system(), v1::MODIFIER);
  EXPECT_EQ(ad.on_date(), v1::CodeInfo::BILLABLE);
  EXPECT_EQ(ad.description(),
            "Medical supervision by a physician: more than four concurrent anesthesia procedures");
  EXPECT_EQ(Lookup(*pack, "GD", "2020-03-01").on_date(), v1::CodeInfo::NOT_VALID);

  std::unique_ptr<Engine> engine = *Engine::Create(pack);
  auto edits = [&](const std::string& code, const std::string& modifier, const std::string& dos) {
    v1::Claim claim;
    claim.set_type(v1::Claim::PROFESSIONAL);
    v1::ServiceLine* line = claim.add_lines();
    line->set_code(code);
    line->set_units(1);
    line->set_date_of_service(dos);
    if (!modifier.empty()) line->add_modifiers(modifier);
    std::vector<std::string> out;
    const v1::CheckResult result = engine->Check(claim);
    for (const v1::Finding& f : result.findings()) {
      out.push_back(absl::StrCat(f.edit(), " ", v1::Finding::Severity_Name(f.severity())));
    }
    return out;
  };
  EXPECT_THAT(edits("A0021", "25", "2020-03-01"), IsEmpty());
  EXPECT_THAT(edits("K1001", "AD", "2020-06-30"), IsEmpty());
  EXPECT_THAT(edits("K1001", "", "2020-07-01"), ElementsAre("CODE_INVALID DENY_LINE"));
  EXPECT_THAT(edits("A4206", "", "2020-03-01"), ElementsAre("CODE_INVALID DENY_LINE"));
  EXPECT_THAT(edits("A0021", "GD", "2020-03-01"), ElementsAre("MODIFIER_INVALID DENY_LINE"));
  EXPECT_THAT(edits("A4206", "GD", "2021-03-01"), ElementsAre("MODIFIER_INVALID REVIEW"));
}

// The PPRRVU layout: a preamble, a header wrapped over two rows with its columns in another order
// than the published one, and bad rows on known lines.
constexpr char kMpfs[] =
    ",,2025 National Physician Fee Schedule Relative Value File October Release,,,,,,,,,,\r\n"
    ",,RELEASED 09/11/2025,,,,,,,,,,\r\n"
    ",,,GLOB,NOT USED FOR,STATUS,TEAM,CO-,ASST,BILAT,MULT,PCTC,WORK\r\n"
    "HCPCS,DESCRIPTION,MOD,DAYS,MEDICARE PAYMENT,CODE,SURG,SURG,SURG,SURG,PROC,IND,RVU\r\n"
    "71046,,,XXX,,A,0,0,0,0,0,1,0.22\r\n"  // line 5
    "71046,,26,XXX,,A,0,0,0,0,0,1,0.22\r\n"
    "71046,,TC,XXX,,A,0,0,0,0,0,1,0.00\r\n"
    "27447,,,090,,A,0,1,2,1,2,0,19.60\r\n"
    "G0008,\"Admin influenza virus vac\",,XXX,,X,9,9,9,9,9,9,0.00\r\n"  // line 9
    ",,,,,,,,,,,,\r\n"
    "7104,,,XXX,,A,0,0,0,0,0,1,0.22\r\n"  // line 11
    "71045,,,XXX,,A,0,0,0,0,0,X,0.22\r\n"
    "71047,,,100,,A,0,0,0,0,0,1,0.22\r\n"
    "71048,,,XXX,,A\r\n"
    "71046,,26,XXX,,A,0,0,0,0,0,1,0.22\r\n"  // line 15
    "71046,,2,XXX,,A,0,0,0,0,0,1,0.22\r\n"
    "99292,,,ZZZ,,,0,0,0,0,0,0,2.50\r\n"
    "22614,,,ZZZ,,A,0,2,2,0,10,0,6.43\r\n";  // line 18

TEST(MpfsImportTest, PublishedLayout) {
  Staged staged;
  ImportReport report;
  report.file = "PPRRVU2025_Oct.csv";
  ASSERT_TRUE(internal::ImportMpfs(kMpfs, &staged, &report).ok());
  EXPECT_EQ(report.version, "2025-10");
  ASSERT_TRUE(staged.release.has_value());
  EXPECT_EQ(Window(staged.release->effective, staged.release->end), "2025-10-01 .. 2026-01-01");
  // The MPFS is not a code list, and its descriptions are never kept.
  EXPECT_THAT(staged.coverage, IsEmpty());
  EXPECT_THAT(staged.texts, IsEmpty());
  EXPECT_EQ(report.rows_read, 13);
  EXPECT_EQ(report.rows_accepted, 5);
  EXPECT_EQ(report.rows_rejected, 8);
  EXPECT_THAT(
      Reasons(report),
      ElementsAre(
          "11: code '7104' is not a CPT or HCPCS code", "12: PC/TC indicator 'X' is not a digit",
          "13: global days '100' is not one of 000, 010, 090, MMM, XXX, YYY, ZZZ",
          "14: only 6 fields", "15: code 71046 with modifier 26 is listed again (first on line 6)",
          "16: modifier '2' is not two letters or digits", "17: status code '' is not a letter",
          "18: multiple procedure indicator '10' is not a digit"));
  std::vector<std::string> rows;
  for (const internal::StagedFeeSchedule& r : staged.fee_schedule) {
    rows.push_back(absl::StrCat(
        ProcedureCodeText(r.code), " ",
        r.modifier == internal::kNoModifier ? "--" : ModifierText(r.modifier), " ",
        Window(r.effective, r.end), " ", std::string(1, r.status), " ",
        std::string(r.global_days, 3), " pctc=", r.pc_tc, " mult=", r.multiple_procedure,
        " bilat=", r.bilateral, " asst=", r.assistant, " co=", r.co_surgeon, " team=", r.team));
  }
  EXPECT_THAT(rows,
              ElementsAre("71046 -- 2025-10-01 .. 2026-01-01 A XXX pctc=1 mult=0 bilat=0 asst=0 "
                          "co=0 team=0",
                          "71046 26 2025-10-01 .. 2026-01-01 A XXX pctc=1 mult=0 bilat=0 asst=0 "
                          "co=0 team=0",
                          "71046 TC 2025-10-01 .. 2026-01-01 A XXX pctc=1 mult=0 bilat=0 asst=0 "
                          "co=0 team=0",
                          "27447 -- 2025-10-01 .. 2026-01-01 A 090 pctc=0 mult=2 bilat=1 asst=2 "
                          "co=1 team=0",
                          "G0008 -- 2025-10-01 .. 2026-01-01 X XXX pctc=9 mult=9 bilat=9 asst=9 "
                          "co=9 team=9"));
}

TEST(MpfsImportTest, PeriodFromName) {
  const std::string file =
      "HCPCS,MOD,DESCRIPTION,STATUS CODE,PCTC IND,GLOB DAYS,MULT PROC,BILAT SURG,ASST SURG,"
      "CO-SURG,TEAM SURG\n"
      "99292,,,A,0,ZZZ,0,0,0,0,0\n";
  for (const auto& [name, window] : std::vector<std::pair<std::string, std::string>>{
           {"PPRRVU2025_Jan.csv", "2025-01-01 .. 2026-01-01"},
           {"PPRRVU2024_Jul.csv", "2024-07-01 .. 2025-01-01"},
           {"PPRRVU2023.csv", "2023-01-01 .. 2024-01-01"}}) {
    Staged staged;
    ImportReport report;
    report.file = name;
    ASSERT_TRUE(internal::ImportMpfs(file, &staged, &report).ok()) << name;
    EXPECT_EQ(Window(staged.release->effective, staged.release->end), window);
    ASSERT_EQ(staged.fee_schedule.size(), 1u);
    EXPECT_EQ(Window(staged.fee_schedule[0].effective, staged.fee_schedule[0].end), window);
  }
  Staged staged;
  ImportReport report;
  report.file = "PPRRVU25_Oct.csv";
  const absl::Status status = internal::ImportMpfs(file, &staged, &report);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("PPRRVU25_Oct.csv"));
  EXPECT_THAT(status.message(), HasSubstr("PPRRVU2025_Oct.csv"));
}

TEST(MpfsImportTest, HeaderErrors) {
  Staged staged;
  ImportReport report;
  report.file = "PPRRVU2025_Oct.csv";
  absl::Status status = internal::ImportMpfs(
      "title\nHCPCS,MOD,STATUS CODE,PCTC IND,GLOB DAYS,MULT PROC,BILAT SURG,ASST SURG,CO-SURG\n"
      "99292,,A,0,ZZZ,0,0,0,0\n",
      &staged, &report);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "PPRRVU2025_Oct.csv: line 2: the header has no 'TEAM SURG' column");
  status = internal::ImportMpfs("99292,,A,0,ZZZ,0,0,0,0,0\n", &staged, &report);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("no header row found"));
}

TEST(MpfsImportTest, PackLookup) {
  // The file's rejected rows are listed above; the rest make the pack.
  PackBuilder builder("test");
  absl::StatusOr<ImportReport> report =
      builder.AddContents(SourceKind::kMpfs, "PPRRVU2025_Oct.csv", kMpfs);
  EXPECT_TRUE(report.ok()) << report.status();
  std::shared_ptr<const RulePack> pack = PackOfBuilder(std::move(builder));
  ASSERT_NE(pack, nullptr);
  const v1::CodeInfo info = Lookup(*pack, "71046", "2025-11-01");
  EXPECT_EQ(info.system(), v1::CPT);
  std::map<std::string, v1::FeeScheduleIndicators> by_modifier;
  for (const v1::FeeScheduleIndicators& f : info.fee_schedule()) by_modifier[f.modifier()] = f;
  ASSERT_EQ(by_modifier.size(), 3u);
  for (const std::string modifier : {"", "26", "TC"}) {
    const v1::FeeScheduleIndicators& f = by_modifier[modifier];
    EXPECT_EQ(f.status(), "A");
    EXPECT_EQ(f.global_days(), "XXX");
    EXPECT_EQ(f.pc_tc(), 1);
    EXPECT_EQ(f.window().effective(), "2025-10-01");
    EXPECT_EQ(f.window().end(), "2026-01-01");
  }
  EXPECT_EQ(Lookup(*pack, "71046", "2025-09-30").fee_schedule_size(), 0);
  // The file's description is not carried into the pack.
  const v1::CodeInfo g0008 = Lookup(*pack, "G0008", "");
  EXPECT_EQ(g0008.fee_schedule_size(), 1);
  EXPECT_EQ(g0008.description(), "");
  EXPECT_EQ(g0008.titles_size(), 0);
}

}  // namespace
}  // namespace coderules
