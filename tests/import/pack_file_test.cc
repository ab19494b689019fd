// Packs as files: refusing what is not a sound pack, and writing atomically.
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include "coderules/rule_pack.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/test_util.h"

namespace coderules {
namespace {

using ::testing::HasSubstr;

std::string SampleBytes() {
  PackBuilder builder("file-test");
  EXPECT_TRUE(builder
                  .AddContents(SourceKind::kRules, "r.textproto",
                               "ptp_practitioner { column1: \"11111\" column2: \"22222\" "
                               "effective_date: \"2020-01-01\" modifier_indicator: \"0\" }")
                  .ok());
  return *std::move(builder).Build();
}

absl::Status Load(const std::string& bytes) { return RulePack::FromBytes(bytes).status(); }

TEST(PackFileTest, LoadsWhatItBuilds) {
  absl::StatusOr<std::shared_ptr<const RulePack>> pack = RulePack::FromBytes(SampleBytes());
  ASSERT_TRUE(pack.ok()) << pack.status();
  EXPECT_EQ((*pack)->version(), "file-test");
}

TEST(PackFileTest, RefusesWhatIsNotAPack) {
  EXPECT_THAT(Load("").message(), HasSubstr("not a coderules rule pack"));
  EXPECT_THAT(Load(std::string(200, 'x')).message(), HasSubstr("not a coderules rule pack"));
}

TEST(PackFileTest, RefusesAnotherFormatVersion) {
  std::string bytes = SampleBytes();
  bytes[8] = static_cast<char>(bytes[8] + 1);  // format_version follows the 8-byte magic
  const absl::Status status = Load(bytes);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(status.message(), HasSubstr("compile the pack again"));
}

TEST(PackFileTest, RefusesTruncatedOrCorrupt) {
  const std::string bytes = SampleBytes();
  EXPECT_THAT(Load(bytes.substr(0, bytes.size() - 1)).message(), HasSubstr("truncated"));
  EXPECT_THAT(Load(bytes.substr(0, 70)).message(), HasSubstr("truncated"));
  for (size_t at : {size_t{64}, size_t{100}, bytes.size() / 2, bytes.size() - 1}) {
    std::string flipped = bytes;
    flipped[at] = static_cast<char>(flipped[at] ^ 0x20);
    EXPECT_THAT(Load(flipped).message(), HasSubstr("checksum mismatch")) << at;
  }
}

TEST(PackFileTest, LoadNamesTheFile) {
  const std::string dir = ::testing::TempDir();
  absl::StatusOr<std::shared_ptr<const RulePack>> missing = RulePack::Load(dir + "/none.pack");
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(missing.status().message(), HasSubstr("none.pack"));
  EXPECT_THAT(RulePack::Load(dir).status().message(), HasSubstr("is a directory"));
  const std::string junk = dir + "/junk.pack";
  std::ofstream(junk) << "junk";
  EXPECT_THAT(RulePack::Load(junk).status().message(), HasSubstr("junk.pack: not a coderules"));
}

TEST(PackFileTest, WritesAtomically) {
  const std::filesystem::path dir =
      std::filesystem::path(::testing::TempDir()) / "pack_file_test_atomic";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "a.pack").string();
  ASSERT_TRUE(WriteFileAtomically(path, "first").ok());
  ASSERT_TRUE(WriteFileAtomically(path, SampleBytes()).ok());
  EXPECT_TRUE(RulePack::Load(path).ok());
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    ++files;
    EXPECT_EQ(entry.path().filename(), "a.pack");
  }
  EXPECT_EQ(files, 1);  // no temporary left behind
  EXPECT_FALSE(WriteFileAtomically((dir / "missing" / "b.pack").string(), "x").ok());
}

}  // namespace
}  // namespace coderules
