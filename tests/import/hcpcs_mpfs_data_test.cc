// The HCPCS 2020 annual file and the MPFS RVU25D (October 2025) file from ../shared/data: every
// record accepted, titles, dates and fee-schedule indicators read back through a compiled pack,
// and code validity judged by the engine inside and outside the HCPCS release.
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
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

using coderules::testing::ImportShared;
using coderules::testing::Lookup;
using coderules::testing::PackOfFiles;
using coderules::testing::SharedDataPath;
using coderules::testing::SourcePath;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr char kHcpcsFile[] = "hcpcs-2020-anweb/HCPC2020_ANWEB_w_disclaimer.txt";
constexpr char kMpfsFile[] = "mpfs-rvu25d-oct2025/PPRRVU2025_Oct_CPT-descriptors-removed.csv";

std::string WindowText(const v1::Window& w) { return absl::StrCat(w.effective(), " .. ", w.end()); }

TEST(HcpcsDataTest, EveryRecordAccepted) {
  CODERULES_REQUIRE_SHARED_DATA();
  ImportReport report;
  const internal::Staged staged = ImportShared(kHcpcsFile, internal::ImportHcpcs, &report);
  EXPECT_EQ(report.version, "2020");
  EXPECT_EQ(report.rows_read, 6710 + 369);
  EXPECT_EQ(report.rows_accepted, 6710 + 369);
  EXPECT_EQ(report.rows_rejected, 0);
  EXPECT_THAT(report.rejected, IsEmpty());
  EXPECT_EQ(staged.hcpcs.size(), 6710u);
  EXPECT_EQ(staged.modifiers.size(), 369u);
  ASSERT_TRUE(staged.release.has_value());
  EXPECT_EQ(internal::FormatIsoDate(staged.release->effective), "2020-01-01");
  EXPECT_EQ(internal::FormatIsoDate(staged.release->end), "2021-01-01");
  EXPECT_EQ(staged.coverage.size(), 2u);
}

class HcpcsPackTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (SharedDataPath(kHcpcsFile).empty()) return;
    pack_ = new std::shared_ptr<const RulePack>(
        PackOfFiles({{SourceKind::kHcpcs, SharedDataPath(kHcpcsFile)},
                     {SourceKind::kRules, SourcePath("rules/catalogue/modifiers.textproto")}},
                    "shared-data"));
    if (*pack_ == nullptr) return;
    absl::StatusOr<std::unique_ptr<Engine>> engine = Engine::Create(*pack_);
    ASSERT_TRUE(engine.ok()) << engine.status();
    engine_ = engine->release();
  }

  void SetUp() override {
    CODERULES_REQUIRE_SHARED_DATA();
    ASSERT_NE(engine_, nullptr);
  }

  // "EDIT SEVERITY" of each finding for one line.
  static std::vector<std::string> Edits(const std::string& code,
                                        const std::vector<std::string>& modifiers,
                                        const std::string& dos) {
    v1::Claim claim;
    claim.set_type(v1::Claim::PROFESSIONAL);
    v1::ServiceLine* line = claim.add_lines();
    line->set_code(code);
    line->set_units(1);
    line->set_date_of_service(dos);
    for (const std::string& m : modifiers) line->add_modifiers(m);
    std::vector<std::string> out;
    const v1::CheckResult result = engine_->Check(claim);
    for (const v1::Finding& f : result.findings()) {
      out.push_back(absl::StrCat(f.edit(), " ", v1::Finding::Severity_Name(f.severity())));
    }
    return out;
  }

  static std::shared_ptr<const RulePack>* pack_;
  static Engine* engine_;
};

std::shared_ptr<const RulePack>* HcpcsPackTest::pack_ = nullptr;
Engine* HcpcsPackTest::engine_ = nullptr;

TEST_F(HcpcsPackTest, TitlesAndDates) {
  const RulePack& pack = **pack_;
  // Lines 3713-3717: a first line and four continuations.
  const v1::CodeInfo g0501 = Lookup(pack, "G0501", "2020-06-01");
  EXPECT_EQ(g0501.system(), v1::HCPCS);
  EXPECT_EQ(g0501.on_date(), v1::CodeInfo::BILLABLE);
  ASSERT_EQ(g0501.titles_size(), 1);
  EXPECT_EQ(g0501.titles(0).short_title(), "Resource-inten svc during ov");
  EXPECT_EQ(g0501.titles(0).long_title(),
            "Resource-intensive services for patients for whom the use of specialized "
            "mobility-assistive technology (such as adjustable height chairs or tables, patient "
            "lift, and adjustable padded leg supports) is medically necessary and used during the "
            "provision of an office/outpatient, evaluation and management visit (list separately "
            "in addition to primary service)");
  ASSERT_EQ(g0501.validity_size(), 1);
  EXPECT_EQ(WindowText(g0501.validity(0).window()), "2017-01-01 .. 2021-01-01");

  const v1::CodeInfo a0021 = Lookup(pack, "A0021", "2020-06-01");
  EXPECT_EQ(a0021.description(),
            "Ambulance service, outside state per mile, transport (medicaid only)");
  EXPECT_EQ(a0021.titles(0).short_title(), "Outside state ambulance serv");
  EXPECT_EQ(WindowText(a0021.validity(0).window()), "1985-01-01 .. 2021-01-01");

  // Terminated 2019-06-30 (action code D).
  const v1::CodeInfo j9031 = Lookup(pack, "J9031", "");
  EXPECT_EQ(j9031.description(), "Bcg (intravesical) per instillation");
  EXPECT_EQ(WindowText(j9031.validity(0).window()), "1991-01-01 .. 2019-07-01");
  EXPECT_EQ(Lookup(pack, "J9031", "2020-06-01").on_date(), v1::CodeInfo::NOT_VALID);

  // Modifiers: AD over two lines; GD terminated 2019-12-31.
  const v1::CodeInfo ad = Lookup(pack, "AD", "2020-06-01");
  EXPECT_EQ(ad.system(), v1::MODIFIER);
  EXPECT_EQ(ad.description(),
            "Medical supervision by a physician: more than four concurrent anesthesia procedures");
  EXPECT_EQ(WindowText(ad.validity(0).window()), "1984-01-01 .. 2021-01-01");
  const v1::CodeInfo gd = Lookup(pack, "GD", "");
  EXPECT_EQ(gd.description(),
            "Units of service exceeds medically unlikely edit value and represents reasonable and "
            "necessary services");
  EXPECT_EQ(WindowText(gd.validity(0).window()), "2008-01-01 .. 2020-01-01");
}

TEST_F(HcpcsPackTest, CodeValidityInsideTheRelease) {
  EXPECT_THAT(Edits("A0021", {}, "2020-06-01"), IsEmpty());
  EXPECT_THAT(Edits("G0501", {"GT", "25"}, "2020-06-01"), IsEmpty());
  // A0000 is not in the file.
  EXPECT_THAT(Edits("A0000", {}, "2020-06-01"), ElementsAre("CODE_INVALID DENY_LINE"));
  EXPECT_THAT(Edits("J9031", {}, "2020-06-01"), ElementsAre("CODE_INVALID DENY_LINE"));
  // ZZ is neither in the file nor in the catalogue; GD ended 2019-12-31.
  EXPECT_THAT(Edits("A0021", {"ZZ"}, "2020-06-01"), ElementsAre("MODIFIER_INVALID DENY_LINE"));
  EXPECT_THAT(Edits("A0021", {"GD"}, "2020-06-01"), ElementsAre("MODIFIER_INVALID DENY_LINE"));
}

TEST_F(HcpcsPackTest, NothingToSayOutsideTheRelease) {
  EXPECT_THAT(Edits("A0000", {}, "2023-03-01"), IsEmpty());
  EXPECT_THAT(Edits("J9031", {}, "2023-03-01"), IsEmpty());
  EXPECT_EQ(Lookup(**pack_, "A0021", "2023-03-01").on_date(), v1::CodeInfo::CANNOT_TELL);
}

TEST(MpfsDataTest, EveryRowAccepted) {
  CODERULES_REQUIRE_SHARED_DATA();
  ImportReport report;
  const internal::Staged staged = ImportShared(kMpfsFile, internal::ImportMpfs, &report);
  EXPECT_EQ(report.version, "2025-10");
  EXPECT_EQ(report.rows_read, 19090);
  EXPECT_EQ(report.rows_accepted, 19090);
  EXPECT_EQ(report.rows_rejected, 0);
  EXPECT_EQ(staged.fee_schedule.size(), 19090u);
  EXPECT_THAT(staged.texts, IsEmpty());
  EXPECT_THAT(staged.coverage, IsEmpty());
  // The file's measured distribution of global days (SOURCE.md).
  std::map<std::string, int> global;
  for (const internal::StagedFeeSchedule& r : staged.fee_schedule) {
    ++global[std::string(r.global_days, 3)];
  }
  EXPECT_EQ(global, (std::map<std::string, int>{{"000", 1371},
                                                {"010", 471},
                                                {"090", 3767},
                                                {"MMM", 17},
                                                {"XXX", 11722},
                                                {"YYY", 967},
                                                {"ZZZ", 775}}));
}

// The indicators of one code as "modifier: status global pctc mult bilat asst co team", by
// modifier ("-" for none).
std::map<std::string, std::string> Indicators(const RulePack& pack, const std::string& code) {
  std::map<std::string, std::string> out;
  const v1::CodeInfo info = Lookup(pack, code, "2025-11-15");
  for (const v1::FeeScheduleIndicators& f : info.fee_schedule()) {
    EXPECT_EQ(WindowText(f.window()), "2025-10-01 .. 2026-01-01");
    out[f.modifier().empty() ? "-" : f.modifier()] = absl::StrCat(
        f.status(), " ", f.global_days(), " ", f.pc_tc(), " ", f.multiple_procedure(), " ",
        f.bilateral(), " ", f.assistant_surgery(), " ", f.co_surgeons(), " ", f.team_surgery());
  }
  return out;
}

TEST(MpfsDataTest, IndicatorsThroughAPack) {
  CODERULES_REQUIRE_SHARED_DATA();
  std::shared_ptr<const RulePack> pack =
      PackOfFiles({{SourceKind::kMpfs, SharedDataPath(kMpfsFile)}}, "shared-data");
  ASSERT_NE(pack, nullptr);
  using Map = std::map<std::string, std::string>;
  // Lines 7694-7696: PC/TC indicator 1 with its professional and technical components.
  EXPECT_EQ(
      Indicators(*pack, "71046"),
      (Map{{"-", "A XXX 1 0 0 0 0 0"}, {"26", "A XXX 1 0 0 0 0 0"}, {"TC", "A XXX 1 0 0 0 0 0"}}));
  // Line 2773: a major surgery with a 90-day global period.
  EXPECT_EQ(Indicators(*pack, "27447"), (Map{{"-", "A 090 0 2 1 2 1 0"}}));
  // Line 1968: an add-on code (ZZZ).
  EXPECT_EQ(Indicators(*pack, "22614"), (Map{{"-", "A ZZZ 0 0 0 2 2 0"}}));
  // Line 6956: bilateral surgery indicator 1 (150% payment adjustment).
  EXPECT_EQ(Indicators(*pack, "64483"), (Map{{"-", "A 000 0 2 1 1 0 0"}}));
  // Lines 5357-5358: a discontinued-procedure row (modifier 53).
  EXPECT_EQ(Indicators(*pack, "45378"),
            (Map{{"-", "A 000 0 2 0 1 0 0"}, {"53", "A 000 0 2 0 1 0 0"}}));
  // Line 14756: a HCPCS code whose description the file carries; the pack does not keep it.
  const v1::CodeInfo g0008 = Lookup(*pack, "G0008", "2025-11-15");
  EXPECT_EQ(g0008.system(), v1::HCPCS);
  EXPECT_EQ(g0008.description(), "");
  EXPECT_EQ(Indicators(*pack, "G0008"), (Map{{"-", "X XXX 9 9 9 9 9 9"}}));
  EXPECT_EQ(Lookup(*pack, "71046", "2025-09-30").fee_schedule_size(), 0);
}

}  // namespace
}  // namespace coderules
