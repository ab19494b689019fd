// The ICD-10-CM order file and tabular list importers on small hand-written files.
#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "coderules/code.h"
#include "coderules/lookup.h"
#include "coderules/rule_pack.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "src/import/code_sets.h"
#include "src/pack/staged.h"
#include "tests/test_util.h"

namespace coderules {
namespace {

using internal::CodeRange;
using internal::FormatIsoDate;
using internal::NoteKind;
using internal::Staged;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// ---- Order file.

// A record: order number (columns 1-5), code (7-13), flag (15), short title (17-76), long title.
std::string Record(int order, const std::string& code, char flag, const std::string& short_title,
                   const std::string& long_title) {
  return absl::StrFormat("%05d %-7s %c %-60s %s", order, code, flag, short_title, long_title);
}

const std::string& OrderFile() {
  static const std::string* file = new std::string(absl::StrCat(
      Record(1, "A00", '0', "Cholera", "Cholera"), "\r\n",  // line 1
      Record(2, "A000", '1', "Cholera due to Vibrio cholerae 01, biovar cholerae",
             "Cholera due to Vibrio cholerae 01, biovar cholerae"),
      "\r\n",
      "\r\n",  // line 3: blank
      Record(3, "J1282", '1', "Pneumonia due to coronavirus disease 2019",
             "Pneumonia due to coronavirus disease 2019"),
      "\r\n",
      "0000A A001    1 Cholera due to Vibrio cholerae 01, biovar eltor              Cholera\r\n",
      Record(5, "1234", '1', "Not a code", "Not a code"), "\r\n",                      // line 6
      Record(6, "A00.1", '1', "Dotted", "Dotted"), "\r\n",                             // line 7
      Record(7, "A009", '2', "Cholera, unspecified", "Cholera, unspecified"), "\r\n",  // line 8
      "00008 A009    1 Cholera, unspecified\r\n",                                      // line 9
      Record(9, "A000", '1', "Again", "Again"), "\r\n",                                // line 10
      Record(10, "U071", '1', "COVID-19", "COVID-19"), "\n"));  // line 11, LF
  return *file;
}

absl::Status ImportOrder(const std::string& name, const std::string& contents, Staged* staged,
                         ImportReport* report) {
  report->file = name;
  return internal::ImportIcd10CmOrder(contents, staged, report);
}

TEST(Icd10CmOrderTest, ReleaseFromEachNameForm) {
  const struct {
    const char* name;
    const char* effective;
    const char* end;
    const char* version;
  } kCases[] = {
      {"icd10cm_order_2025.txt", "2024-10-01", "2025-10-01", "FY2025"},
      {"icd10cm-order-2025.txt", "2024-10-01", "2025-10-01", "FY2025"},
      {"icd10cm-order-Jan-2021.txt", "2021-01-01", "2021-10-01", "FY2021 (2021-01-01 update)"},
      {"icd10cm_order_April_2024.txt", "2024-04-01", "2024-10-01", "FY2024 (2024-04-01 update)"},
      {"icd10cm-order-Apr-2024.txt", "2024-04-01", "2024-10-01", "FY2024 (2024-04-01 update)"},
  };
  for (const auto& c : kCases) {
    Staged staged;
    ImportReport report;
    ASSERT_TRUE(
        ImportOrder(c.name, Record(1, "A00", '0', "Cholera", "Cholera"), &staged, &report).ok())
        << c.name;
    ASSERT_TRUE(staged.release.has_value());
    EXPECT_EQ(FormatIsoDate(staged.release->effective), c.effective) << c.name;
    EXPECT_EQ(FormatIsoDate(staged.release->end), c.end) << c.name;
    EXPECT_EQ(report.version, c.version);
    ASSERT_EQ(staged.coverage.size(), 1u);
    EXPECT_EQ(staged.coverage[0].system, internal::CodeSystem::kIcd10Cm);
    EXPECT_EQ(staged.coverage[0].effective, staged.release->effective);
    EXPECT_EQ(staged.coverage[0].end, staged.release->end);
    ASSERT_EQ(staged.icd10cm_validity.size(), 1u);
    EXPECT_EQ(staged.icd10cm_validity[0].effective, staged.release->effective);
    EXPECT_EQ(staged.icd10cm_validity[0].end, staged.release->end);
  }
}

TEST(Icd10CmOrderTest, NameWithoutYearFailsTheFile) {
  Staged staged;
  ImportReport report;
  const absl::Status status = ImportOrder("icd10cm_order.txt", OrderFile(), &staged, &report);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("icd10cm_order.txt: the file name gives no year"));
  EXPECT_THAT(status.message(), HasSubstr("icd10cm_order_2025.txt"));
  EXPECT_THAT(status.message(), HasSubstr("icd10cm-order-Jan-2021.txt"));
}

TEST(Icd10CmOrderTest, HeadersBillableCodesAndTitles) {
  Staged staged;
  ImportReport report;
  ASSERT_TRUE(ImportOrder("icd10cm-order-Jan-2021.txt", OrderFile(), &staged, &report).ok());
  std::vector<std::string> rows;
  for (const internal::StagedIcdValidity& v : staged.icd10cm_validity) {
    rows.push_back(absl::StrCat(Icd10CmDisplay(v.code), v.billable ? " billable" : " header"));
  }
  EXPECT_THAT(rows,
              ElementsAre("A00 header", "A00.0 billable", "J12.82 billable", "U07.1 billable"));
  ASSERT_EQ(staged.icd10cm_names.size(), 4u);
  const internal::StagedIcdName& name = staged.icd10cm_names[1];
  EXPECT_EQ(staged.texts[name.short_title], "Cholera due to Vibrio cholerae 01, biovar cholerae");
  EXPECT_EQ(staged.texts[name.long_title], "Cholera due to Vibrio cholerae 01, biovar cholerae");
  EXPECT_EQ(staged.texts[staged.icd10cm_names[3].long_title], "COVID-19");  // the LF line
}

TEST(Icd10CmOrderTest, MalformedRecordsRejectedWithTheirLines) {
  Staged staged;
  ImportReport report;
  ASSERT_TRUE(ImportOrder("icd10cm-order-Jan-2021.txt", OrderFile(), &staged, &report).ok());
  EXPECT_EQ(report.rows_read, 10);
  EXPECT_EQ(report.rows_accepted, 4);
  EXPECT_EQ(report.rows_rejected, 6);
  std::vector<std::string> rejected;
  for (const RejectedRow& r : report.rejected)
    rejected.push_back(absl::StrCat(r.line, ": ", r.reason));
  EXPECT_THAT(rejected,
              ElementsAre("5: order number '0000A' is not five digits",
                          "6: code '1234' is not an ICD-10-CM code written without its dot",
                          "7: code 'A00.1' is not an ICD-10-CM code written without its dot",
                          "8: flag '2' is not 0 (header) or 1 (billable)",
                          "9: the line has 36 characters; a record runs to column 78 at least",
                          "10: code A000 is listed again (first on line 2)"));
}

TEST(Icd10CmOrderTest, LfAndCrlfReadAlike) {
  Staged crlf, lf;
  ImportReport crlf_report, lf_report;
  ASSERT_TRUE(ImportOrder("icd10cm_order_2021.txt", OrderFile(), &crlf, &crlf_report).ok());
  ASSERT_TRUE(ImportOrder("icd10cm_order_2021.txt", absl::StrReplaceAll(OrderFile(), {{"\r", ""}}),
                          &lf, &lf_report)
                  .ok());
  EXPECT_EQ(crlf.texts, lf.texts);
  EXPECT_EQ(crlf_report.rows_accepted, lf_report.rows_accepted);
  EXPECT_EQ(crlf_report.rejected.size(), lf_report.rejected.size());
}

TEST(Icd10CmOrderTest, NoRecordsFailsTheFile) {
  Staged staged;
  ImportReport report;
  const absl::Status status = ImportOrder("icd10cm_order_2025.txt", "\r\n\r\n", &staged, &report);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("no ICD-10-CM order records"));
}

// ---- Tabular list.

// Excerpts of the FY2021 tabular list (and notes written in its forms), with one bad diag.
constexpr char kTabular[] = R"(<?xml version="1.0" encoding="utf-8"?>
<ICD10CM.tabular>
  <version>2021</version>
  <introduction>
    <introSection type="instruction">
      <title>Excludes1</title>
      <instruction><note>An introduction citing (A00), not a note of any code</note></instruction>
    </introSection>
  </introduction>
  <chapter>
    <name>1</name>
    <desc>Certain infectious and parasitic diseases (A00-B99)</desc>
    <excludes2>
      <note>influenza and other acute respiratory infections (J00-J22)</note>
    </excludes2>
    <sectionIndex>
      <sectionRef first="A00" last="A09" id="A00-A09">Intestinal infectious diseases</sectionRef>
    </sectionIndex>
    <section id="A00-A09">
      <desc>Intestinal infectious diseases (A00-A09)</desc>
      <diag>
        <name>A00</name>
        <desc>Cholera</desc>
        <diag>
          <name>A00.0</name>
          <desc>Cholera due to Vibrio cholerae 01, biovar cholerae</desc>
          <inclusionTerm>
            <note>Classical cholera</note>
          </inclusionTerm>
        </diag>
      </diag>
      <diag>
        <name>A0</name>
        <desc>A bad name</desc>
        <excludes1><note>never kept (J02.-)</note></excludes1>
        <diag>
          <name>A01</name>
          <desc>Typhoid and paratyphoid fevers</desc>
        </diag>
      </diag>
      <diag>
        <desc>No name</desc>
      </diag>
      <diag>
        <name>A00.0</name>
        <desc>Listed again</desc>
      </diag>
    </section>
    <section id="B99">
      <desc>Other infectious diseases (B99)</desc>
      <codeFirst><note>underlying condition</note></codeFirst>
      <diag><name>B99</name><desc>Other and unspecified infectious diseases</desc></diag>
    </section>
  </chapter>
  <chapter>
    <name>22</name>
    <desc>Codes for special purposes (U00-U85)</desc>
    <notes><note>A chapter without sections is scoped by its title</note></notes>
  </chapter>
  <chapter>
    <name>2</name>
    <desc>Neoplasms (C00-D49)</desc>
    <section id="D3A">
      <desc>Benign neuroendocrine tumors (D3A)</desc>
      <diag><name>D3A</name><desc>Benign neuroendocrine tumors</desc>
        <diag><name>D3A.0</name><desc>Benign carcinoid tumors</desc></diag>
      </diag>
    </section>
  </chapter>
  <chapter>
    <name>11</name>
    <desc>Diseases of the digestive system (K00-K95)</desc>
    <section id="K00-K14">
      <desc>Diseases of oral cavity and salivary glands (K00-K14)</desc>
      <diag><name>K12</name><desc>Stomatitis and related lesions</desc>
        <diag><name>K12.3</name><desc>Oral mucositis (ulcerative)</desc></diag>
      </diag>
    </section>
  </chapter>
  <chapter>
    <name>4</name>
    <desc>Endocrine, nutritional and metabolic diseases (E00-E89)</desc>
    <section id="E08-E13">
      <desc>Diabetes mellitus (E08-E13)</desc>
      <diag><name>E08</name><desc>Diabetes mellitus due to underlying condition</desc>
        <diag><name>E08.4</name><desc>with neurological complications</desc>
          <diag><name>E08.40</name><desc>with diabetic neuropathy, unspecified</desc></diag>
          <diag><name>E08.42</name><desc>with diabetic polyneuropathy</desc></diag>
        </diag>
        <diag><name>E08.9</name><desc>without complications</desc></diag>
      </diag>
      <diag><name>E09</name><desc>Drug or chemical induced diabetes mellitus</desc>
        <diag><name>E09.42</name><desc>with neurological complications</desc></diag>
        <diag><name>E09.9</name><desc>without complications</desc></diag>
      </diag>
      <diag><name>E10</name><desc>Type 1 diabetes mellitus</desc>
        <diag><name>E10.42</name><desc>with diabetic polyneuropathy</desc></diag>
        <diag><name>E10.9</name><desc>without complications</desc></diag>
      </diag>
      <diag><name>E53</name><desc>Deficiency of other B group vitamins</desc>
        <diag><name>E53.8</name><desc>Deficiency of other specified B group vitamins</desc></diag>
      </diag>
    </section>
  </chapter>
  <chapter>
    <name>10</name>
    <desc>Diseases of the respiratory system (J00-J99)</desc>
    <section id="J30-J39">
      <desc>Other diseases of upper respiratory tract (J30-J39)</desc>
      <diag><name>J35</name><desc>Chronic diseases of tonsils and adenoids</desc>
        <diag><name>J35.1</name><desc>Hypertrophy of tonsils</desc></diag>
      </diag>
    </section>
    <section id="J00-J06">
      <desc>Acute upper respiratory infections (J00-J06)</desc>
      <diag><name>J02</name><desc>Acute pharyngitis</desc></diag>
      <diag>
        <name>J03</name>
        <desc>Acute tonsillitis</desc>
        <excludes1>
          <note>acute sore throat (J02.-)</note>
          <note>hypertrophy of tonsils (J35.1)</note>
          <note>deep veins (I82.4Z-, I82.4Y-)</note>
          <note>tuberculosis (A15-A19)</note>
          <note>malignant neoplasms (C00-C96)</note>
          <note>pregnancy (O00-O9A)</note>
          <note>oral mucositis (K12.3-)</note>
          <note>benign carcinoid tumors D3A.0-</note>
          <note>diabetic polyneuropathy (E08.42, E09.42, E10.42)</note>
          <note>diabetes (E08-E10 with .42)</note>
          <note>vitamin B12 deficiency (E53.8)</note>
          <note>concussion in subcategories S06.1- to S06.6-</note>
          <note>Conditions in A00-B99, except A00.0</note>
          <note>poisonings in T36-T40, except T36.0X5 and T36.9</note>
          <note>adverse effect (T36-T65 with fifth or sixth character 5)</note>
          <note>poisoning (T36-T65 with fifth or sixth character 1-4 or 6)</note>
          <note>fentanyl (T40.41 with sixth character 1-5)</note>
          <note>aphasia (I69. with final characters -20)</note>
          <note>open fracture of femur (S72.- with 7th character B)</note>
          <note>open fracture (S52.- with open fracture 7th character)</note>
          <note>contact with amphibians (T63.81-R63.83)</note>
        </excludes1>
      </diag>
    </section>
  </chapter>
  <chapter>
    <name>19</name>
    <desc>Injury, poisoning and certain other consequences of external causes (S00-T88)</desc>
    <section id="S70-S79">
      <desc>Injuries to the hip and thigh (S70-S79)</desc>
      <diag>
        <name>S72</name>
        <desc>Fracture of femur</desc>
        <sevenChrNote><note>The appropriate 7th character is to be added</note></sevenChrNote>
        <sevenChrDef>
          <extension char="A">initial encounter for closed fracture</extension>
          <extension char="B">initial encounter for open fracture type I or II</extension>
          <note>	initial encounter for open fracture NOS</note>
        </sevenChrDef>
        <diag><name>S72.0</name><desc>Fracture of head and neck of femur</desc>
          <diag><name>S72.00</name><desc>Fracture of unspecified part of neck of femur</desc>
            <diag><name>S72.001</name><desc>Fracture of unspecified part of neck of right femur</desc></diag>
          </diag>
        </diag>
      </diag>
    </section>
    <section id="T36-T50">
      <desc>Poisoning by, adverse effect of and underdosing of drugs (T36-T50)</desc>
      <diag><name>T36</name><desc>Poisoning by systemic antibiotics</desc>
        <diag><name>T36.0</name><desc>penicillins</desc>
          <diag placeholder="true"><name>T36.0X</name><desc>penicillins</desc>
            <diag><name>T36.0X1</name><desc>Poisoning by penicillins, accidental</desc></diag>
            <diag><name>T36.0X5</name><desc>Adverse effect of penicillins</desc></diag>
          </diag>
        </diag>
        <diag><name>T36.9</name><desc>unspecified systemic antibiotic</desc>
          <diag><name>T36.91</name><desc>Poisoning, accidental</desc></diag>
          <diag><name>T36.95</name><desc>Adverse effect</desc></diag>
        </diag>
      </diag>
      <diag><name>T40</name><desc>Poisoning by narcotics</desc>
        <diag><name>T40.4</name><desc>other synthetic narcotics</desc>
          <diag><name>T40.41</name><desc>fentanyl</desc>
            <diag><name>T40.411</name><desc>Poisoning by fentanyl, accidental</desc></diag>
            <diag><name>T40.415</name><desc>Adverse effect of fentanyl</desc></diag>
          </diag>
        </diag>
      </diag>
    </section>
  </chapter>
  <chapter>
    <name>9</name>
    <desc>Diseases of the circulatory system (I00-I99)</desc>
    <section id="I80-I89">
      <desc>Diseases of veins (I80-I89)</desc>
      <diag><name>I82</name><desc>Other venous embolism and thrombosis</desc>
        <diag><name>I82.4</name><desc>Acute embolism and thrombosis of deep veins of lower extremity</desc>
          <diag><name>I82.4Y</name><desc>proximal</desc></diag>
          <diag><name>I82.4Z</name><desc>distal</desc></diag>
        </diag>
      </diag>
    </section>
    <section id="I60-I69">
      <desc>Cerebrovascular diseases (I60-I69)</desc>
      <diag><name>I69</name><desc>Sequelae of cerebrovascular disease</desc>
        <diag><name>I69.0</name><desc>Sequelae of subarachnoid hemorrhage</desc>
          <diag><name>I69.01</name><desc>Cognitive deficits</desc>
            <diag><name>I69.010</name><desc>Attention and concentration deficit</desc></diag>
          </diag>
          <diag><name>I69.02</name><desc>Speech deficits</desc>
            <diag><name>I69.020</name><desc>Aphasia</desc></diag>
            <diag><name>I69.028</name><desc>Other speech and language deficits</desc></diag>
          </diag>
        </diag>
        <diag><name>I69.2</name><desc>Sequelae of other hemorrhage</desc>
          <diag><name>I69.20</name><desc>Unspecified sequelae</desc></diag>
        </diag>
      </diag>
    </section>
  </chapter>
</ICD10CM.tabular>
)";

int LineOf(absl::string_view text, absl::string_view part) {
  const size_t at = text.find(part);
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + at, '\n'));
}

// A range as "A00-" (the code and its descendants), "S72.001B" (one code) or "first..last".
std::string Show(const CodeRange& r) {
  if (r.first == r.last) return Icd10CmDisplay(r.first);
  if (r.last == IcdPrefixLast(r.first)) return absl::StrCat(Icd10CmDisplay(r.first), "-");
  return absl::StrCat(Icd10CmDisplay(r.first), "..", Icd10CmDisplay(r.last));
}

class Icd10CmTabularTest : public ::testing::Test {
 protected:
  void SetUp() override {
    report_.file = "icd10cm_tabular_2021.xml";
    ASSERT_TRUE(internal::ImportIcd10CmTabular(kTabular, &staged_, &report_).ok());
  }

  // The note with `text`: its scope and refs.
  const internal::StagedIcdNote& Note(const std::string& text) const {
    for (const internal::StagedIcdNote& note : staged_.icd10cm_notes) {
      if (staged_.texts[note.text] == text) return note;
    }
    ADD_FAILURE() << "no note '" << text << "'";
    static const internal::StagedIcdNote kNone{};
    return kNone;
  }
  std::vector<std::string> Refs(const std::string& text) const {
    std::vector<std::string> out;
    for (const CodeRange& r : Note(text).refs) out.push_back(Show(r));
    return out;
  }

  Staged staged_;
  ImportReport report_;
};

TEST_F(Icd10CmTabularTest, FiscalYearFromVersion) {
  EXPECT_EQ(report_.version, "FY2021");
  ASSERT_TRUE(staged_.release.has_value());
  EXPECT_EQ(FormatIsoDate(staged_.release->effective), "2020-10-01");
  EXPECT_EQ(FormatIsoDate(staged_.release->end), "2021-10-01");
  EXPECT_THAT(staged_.coverage, IsEmpty());  // 7th-character codes are not listed
  EXPECT_THAT(staged_.icd10cm_validity, IsEmpty());
  for (const internal::StagedIcdName& name : staged_.icd10cm_names) {
    EXPECT_EQ(name.effective, staged_.release->effective);
    EXPECT_EQ(name.end, staged_.release->end);
    EXPECT_EQ(name.short_title, internal::kNoText);
  }
}

TEST_F(Icd10CmTabularTest, DiagsNamedOrRejectedWithTheirLines) {
  EXPECT_EQ(report_.rows_read, 58);
  EXPECT_EQ(report_.rows_accepted, 55);
  ASSERT_EQ(report_.rows_rejected, 3);
  EXPECT_EQ(report_.rejected[0].line, LineOf(kTabular, "<name>A0</name>"));
  EXPECT_EQ(report_.rejected[0].reason, "<name> 'A0' is not an ICD-10-CM code");
  EXPECT_EQ(report_.rejected[1].line, LineOf(kTabular, "<desc>No name</desc>") - 1);
  EXPECT_EQ(report_.rejected[1].reason, "a <diag> without a <name>");
  EXPECT_EQ(report_.rejected[2].line, LineOf(kTabular, "<desc>Listed again</desc>") - 1);
  EXPECT_EQ(report_.rejected[2].reason,
            absl::StrCat("<name> 'A00.0' is listed again (first on line ",
                         LineOf(kTabular, "<name>A00.0</name>"), ")"));
  ASSERT_EQ(staged_.icd10cm_names.size(), 55u);
  EXPECT_EQ(Icd10CmDisplay(staged_.icd10cm_names[1].code), "A00.0");
  EXPECT_EQ(staged_.texts[staged_.icd10cm_names[1].long_title],
            "Cholera due to Vibrio cholerae 01, biovar cholerae");
  // The rejected diag's notes go with it; the diag under it is read.
  EXPECT_EQ(Icd10CmDisplay(staged_.icd10cm_names[2].code), "A01");
  for (const internal::StagedIcdNote& note : staged_.icd10cm_notes) {
    EXPECT_NE(staged_.texts[note.text], "never kept (J02.-)");
    EXPECT_NE(staged_.texts[note.text], "An introduction citing (A00), not a note of any code");
  }
}

TEST_F(Icd10CmTabularTest, NoteScopes) {
  const internal::StagedIcdNote& diag = Note("Classical cholera");
  EXPECT_EQ(diag.kind, NoteKind::kInclusionTerm);
  EXPECT_EQ(Show(diag.scope), "A00.0-");
  EXPECT_EQ(Note("acute sore throat (J02.-)").kind, NoteKind::kExcludes1);
  EXPECT_EQ(Show(Note("acute sore throat (J02.-)").scope), "J03-");
  // A section: its id. A chapter: the span of its sections, or else its title's range.
  const internal::StagedIcdNote& section = Note("underlying condition");
  EXPECT_EQ(section.kind, NoteKind::kCodeFirst);
  EXPECT_EQ(Show(section.scope), "B99-");
  const internal::StagedIcdNote& chapter =
      Note("influenza and other acute respiratory infections (J00-J22)");
  EXPECT_EQ(chapter.kind, NoteKind::kExcludes2);
  EXPECT_EQ(Show(chapter.scope), "A00..B99.ZZZZ");
  const internal::StagedIcdNote& titled = Note("A chapter without sections is scoped by its title");
  EXPECT_EQ(titled.kind, NoteKind::kNote);
  EXPECT_EQ(Show(titled.scope), "U00..U85.ZZZZ");
  EXPECT_EQ(Note("Classical cholera").effective, staged_.release->effective);
}

TEST_F(Icd10CmTabularTest, CitedCodes) {
  EXPECT_THAT(Refs("acute sore throat (J02.-)"), ElementsAre("J02-"));
  EXPECT_THAT(Refs("hypertrophy of tonsils (J35.1)"), ElementsAre("J35.1-"));
  EXPECT_THAT(Refs("deep veins (I82.4Z-, I82.4Y-)"), ElementsAre("I82.4Z-", "I82.4Y-"));
  EXPECT_THAT(Refs("tuberculosis (A15-A19)"), ElementsAre("A15..A19.ZZZZ"));
  EXPECT_THAT(Refs("malignant neoplasms (C00-C96)"), ElementsAre("C00..C96.ZZZZ"));
  EXPECT_THAT(Refs("pregnancy (O00-O9A)"), ElementsAre("O00..O9A.ZZZZ"));
  EXPECT_THAT(Refs("oral mucositis (K12.3-)"), ElementsAre("K12.3-"));
  EXPECT_THAT(Refs("benign carcinoid tumors D3A.0-"), ElementsAre("D3A.0-"));
  EXPECT_THAT(Refs("diabetic polyneuropathy (E08.42, E09.42, E10.42)"),
              ElementsAre("E08.42-", "E09.42-", "E10.42-"));
  EXPECT_THAT(Refs("concussion in subcategories S06.1- to S06.6-"), ElementsAre("S06.1..S06.6ZZZ"));
  // A single code the file does not list is not a citation: "vitamin B12".
  EXPECT_THAT(Refs("vitamin B12 deficiency (E53.8)"), ElementsAre("E53.8-"));
  // "except": the codes of the file left, whole subtrees joined when no other code is between.
  EXPECT_THAT(Refs("Conditions in A00-B99, except A00.0"), ElementsAre("A01..B99.ZZZZ"));
  EXPECT_THAT(Refs("poisonings in T36-T40, except T36.0X5 and T36.9"),
              ElementsAre("T36.0X1-", "T40-"));
  EXPECT_THAT(Refs("contact with amphibians (T63.81-R63.83)"), IsEmpty());  // backwards
}

TEST_F(Icd10CmTabularTest, CitationsQualifiedByCharacters) {
  // The codes of the range this file lists that the characters select, as whole subtrees.
  EXPECT_THAT(Refs("diabetes (E08-E10 with .42)"), ElementsAre("E08.42-", "E09.42-", "E10.42-"));
  EXPECT_THAT(Refs("adverse effect (T36-T65 with fifth or sixth character 5)"),
              ElementsAre("T36.0X5-", "T36.95-", "T40.415-"));
  EXPECT_THAT(Refs("poisoning (T36-T65 with fifth or sixth character 1-4 or 6)"),
              ElementsAre("T36.0X1-", "T36.91-", "T40.411-"));
  EXPECT_THAT(Refs("fentanyl (T40.41 with sixth character 1-5)"), ElementsAre("T40.41-"));
  EXPECT_THAT(Refs("aphasia (I69. with final characters -20)"), ElementsAre("I69.020-"));
  // A 7th character: each code under S72, padded with X, that takes it.
  EXPECT_THAT(Refs("open fracture of femur (S72.- with 7th character B)"), ElementsAre("S72.001B"));
  // Qualified in words: nothing is cited for sure.
  EXPECT_THAT(Refs("open fracture (S52.- with open fracture 7th character)"), IsEmpty());
}

TEST_F(Icd10CmTabularTest, SeventhCharacters) {
  std::vector<std::string> seventh;
  for (const internal::StagedSeventh& s : staged_.icd10cm_seventh) {
    seventh.push_back(absl::StrCat(Icd10CmDisplay(s.code), " ", std::string(1, s.character), " ",
                                   staged_.texts[s.text]));
    EXPECT_EQ(s.effective, staged_.release->effective);
  }
  EXPECT_THAT(seventh, ElementsAre("S72 A initial encounter for closed fracture",
                                   "S72 B initial encounter for open fracture type I or II"));
}

TEST_F(Icd10CmTabularTest, CompiledWithAnOrderFileAndLookedUp) {
  PackBuilder builder("test");
  ASSERT_TRUE(builder
                  .AddContents(SourceKind::kIcd10CmOrder, "icd10cm_order_2021.txt",
                               absl::StrCat(Record(1, "S72001A", '1', "Fx", "Fracture"), "\n",
                                            Record(2, "A000", '1', "Cholera", "Cholera"), "\n"))
                  .ok());
  ASSERT_TRUE(builder.AddContents(SourceKind::kIcd10CmTabular, "tabular.xml", kTabular).ok());
  const std::shared_ptr<const RulePack> pack = testing::PackOfBuilder(std::move(builder));
  ASSERT_NE(pack, nullptr);
  absl::StatusOr<v1::LookupResult> fracture = LookupCode(*pack, "S72.001A", "2021-03-01");
  ASSERT_TRUE(fracture.ok());
  const v1::CodeInfo& info = fracture->matches(0);
  EXPECT_EQ(info.on_date(), v1::CodeInfo::BILLABLE);
  ASSERT_EQ(info.seventh_characters_size(), 2);
  EXPECT_EQ(info.seventh_characters(1).character(), "B");
  EXPECT_EQ(info.seventh_characters(1).defined_on(), "S72");
  absl::StatusOr<v1::LookupResult> cholera = LookupCode(*pack, "A00.0", "2021-03-01");
  ASSERT_TRUE(cholera.ok());
  std::vector<std::string> notes;
  for (const v1::Note& n : cholera->matches(0).notes()) notes.push_back(n.scope() + " " + n.text());
  EXPECT_THAT(notes, ElementsAre("A00-B99 influenza and other acute respiratory infections "
                                 "(J00-J22)",
                                 "A00.0- Classical cholera"));
}

// ---- Tabular list: files it refuses.

absl::Status ImportTabular(const std::string& xml) {
  Staged staged;
  ImportReport report;
  report.file = "tabular.xml";
  return internal::ImportIcd10CmTabular(xml, &staged, &report);
}

TEST(Icd10CmTabularErrorsTest, MalformedXmlFailsWithTheExpatErrorAndLine) {
  const absl::Status status = ImportTabular(
      "<ICD10CM.tabular>\n<version>2021</version>\n<chapter>\n</section>\n</ICD10CM.tabular>\n");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "tabular.xml: line 4: malformed XML: mismatched tag");
  EXPECT_EQ(ImportTabular("").message(), "tabular.xml: line 1: malformed XML: no element found");
}

TEST(Icd10CmTabularErrorsTest, StructureItCannotDate) {
  EXPECT_EQ(ImportTabular("<ICD10CM.tabular>\n</ICD10CM.tabular>").message(),
            "tabular.xml: no <version>, which gives the fiscal year");
  EXPECT_EQ(ImportTabular("<ICD10CM.tabular>\n<chapter/><version>2021</version>\n"
                          "</ICD10CM.tabular>")
                .message(),
            "tabular.xml: line 2: a <chapter> before the <version> that dates the file");
  EXPECT_EQ(ImportTabular("<ICD10CM.tabular><version>FY21</version></ICD10CM.tabular>").message(),
            "tabular.xml: line 1: <version> 'FY21' is not the one fiscal year of the file");
  EXPECT_EQ(ImportTabular("<other/>").message(),
            "tabular.xml: line 1: the root element is <other>, not <ICD10CM.tabular>");
  EXPECT_EQ(ImportTabular("<ICD10CM.tabular><version>2021</version><chapter>"
                          "<section id=\"A00-\"/></chapter></ICD10CM.tabular>")
                .message(),
            "tabular.xml: line 1: section id 'A00-' is not a code range");
}

TEST(Icd10CmTabularErrorsTest, DepthAndEntitiesAreCapped) {
  std::string deep = "<ICD10CM.tabular><version>2021</version>";
  for (int i = 0; i < 100; ++i) deep += "<x>";
  EXPECT_THAT(ImportTabular(deep).message(), HasSubstr("elements nested over 64 deep"));
  EXPECT_THAT(ImportTabular("<!DOCTYPE t [<!ENTITY a \"aaaa\">]>\n<ICD10CM.tabular/>").message(),
              HasSubstr("a DOCTYPE is not accepted (the tabular list has none)"));
}

}  // namespace
}  // namespace coderules
