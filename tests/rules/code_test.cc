#include "coderules/code.h"

#include "gtest/gtest.h"
#include "src/internal/date.h"
#include "src/internal/text.h"

namespace coderules {
namespace {

TEST(CodeTest, PacksTheFiveShapes) {
  for (const char* code : {"99213", "0001F", "0042T", "0001U", "0001A", "G0008", "J3490"}) {
    std::optional<ProcedureKey> key = PackProcedureCode(code);
    ASSERT_TRUE(key.has_value()) << code;
    EXPECT_EQ(ProcedureCodeText(*key), code);
  }
}

TEST(CodeTest, Normalises) {
  EXPECT_EQ(PackProcedureCode(" g0008\t"), PackProcedureCode("G0008"));
  EXPECT_EQ(PackProcedureCode("0042t"), PackProcedureCode("0042T"));
}

TEST(CodeTest, RejectsOtherShapes) {
  for (const char* code : {"", "9921", "992134", "99-13", "GG008", "ABCDE", "9921 3", "0A01T",
                           "\xc3\xa9"
                           "9921"}) {
    EXPECT_FALSE(PackProcedureCode(code).has_value()) << code;
  }
}

TEST(CodeTest, DistinctCodesDistinctKeys) {
  EXPECT_NE(*PackProcedureCode("00001"), *PackProcedureCode("0001A"));
  EXPECT_NE(*PackProcedureCode("A0001"), *PackProcedureCode("00010"));
}

TEST(CodeTest, Modifiers) {
  EXPECT_EQ(PackModifier("xs"), PackModifier("XS"));
  EXPECT_FALSE(PackModifier("X").has_value());
  EXPECT_FALSE(PackModifier("X-").has_value());
  EXPECT_TRUE(IsNcciPtpModifier(*PackModifier("59")));
  EXPECT_TRUE(IsNcciPtpModifier(*PackModifier("RI")));
  EXPECT_FALSE(IsNcciPtpModifier(*PackModifier("26")));
  EXPECT_FALSE(IsNcciPtpModifier(*PackModifier("76")));
}

TEST(DateTest, RoundTripsAndValidates) {
  using internal::FormatIsoDate;
  using internal::ParseIsoDate;
  EXPECT_EQ(*ParseIsoDate("1970-01-01"), 0);
  EXPECT_EQ(FormatIsoDate(*ParseIsoDate("2024-02-29")), "2024-02-29");
  EXPECT_FALSE(ParseIsoDate("2023-02-29").has_value());
  EXPECT_FALSE(ParseIsoDate("2100-02-29").has_value());
  EXPECT_TRUE(ParseIsoDate("2000-02-29").has_value());
  EXPECT_EQ(*internal::ParseCompactDate("20140101"), *ParseIsoDate("2014-01-01"));
  EXPECT_EQ(*internal::ParseJulianDate("2024092"), *ParseIsoDate("2024-04-01"));
  EXPECT_EQ(*internal::ParseJulianDate("2023365"), *ParseIsoDate("2023-12-31"));
  EXPECT_FALSE(internal::ParseJulianDate("2023366").has_value());
  EXPECT_FALSE(internal::ParseJulianDate("2023000").has_value());
}

TEST(TextTest, Cp1252BecomesUtf8) {
  EXPECT_EQ(internal::ToUtf8("CPT\xae"), "CPT\xc2\xae");
  EXPECT_EQ(internal::ToUtf8("\x93quoted\x94"), "\xe2\x80\x9cquoted\xe2\x80\x9d");
  EXPECT_EQ(internal::ToUtf8("caf\xc3\xa9"), "caf\xc3\xa9");  // already UTF-8
  EXPECT_TRUE(internal::IsValidUtf8("\xf0\x9f\x98\x80"));
  EXPECT_FALSE(internal::IsValidUtf8("\xc0\xaf"));      // overlong
  EXPECT_FALSE(internal::IsValidUtf8("\xed\xa0\x80"));  // surrogate
  EXPECT_FALSE(internal::IsValidUtf8("\xe2\x80"));      // truncated
}

}  // namespace
}  // namespace coderules

namespace coderules {
namespace {

TEST(IcdCodeTest, PacksAndPrints) {
  for (const char* code : {"A00", "A000", "S72001A", "W2189XA", "C4A0", "U071", "Z3A00", "QA08"}) {
    std::optional<IcdKey> key = PackIcd10Cm(code);
    ASSERT_TRUE(key.has_value()) << code;
    EXPECT_EQ(IcdCodeText(*key), code);
    EXPECT_EQ(IcdCodeLength(*key), static_cast<int>(std::string(code).size()));
  }
  EXPECT_EQ(Icd10CmDisplay(*PackIcd10Cm("s72001a")), "S72.001A");
  EXPECT_EQ(Icd10CmDisplay(*PackIcd10Cm("A00")), "A00");
  EXPECT_EQ(PackIcd10Cm(" S72.001A "), PackIcd10Cm("S72001A"));
}

TEST(IcdCodeTest, RejectsOtherShapes) {
  for (const char* code :
       {"", "A0", "0A0", "S72.001AX", "S7.2001", "S72..0", "S72-00", "T07XXXXD"}) {
    EXPECT_FALSE(PackIcd10Cm(code).has_value()) << code;
  }
  EXPECT_TRUE(PackIcd10Pcs("0016070").has_value());
  EXPECT_FALSE(PackIcd10Pcs("001607").has_value());
  EXPECT_FALSE(PackIcd10Pcs("00I6070").has_value());
}

TEST(IcdCodeTest, KeysSortAsCodesAndPrefixesBoundDescendants) {
  const IcdKey a00 = *PackIcd10Cm("A00"), a000 = *PackIcd10Cm("A000"), a009 = *PackIcd10Cm("A009"),
               a01 = *PackIcd10Cm("A01");
  EXPECT_LT(a00, a000);
  EXPECT_LT(a000, a009);
  EXPECT_LT(a009, a01);
  EXPECT_LT(*PackIcd10Cm("S72999S"), IcdPrefixLast(*PackIcd10Cm("S72")));
  EXPECT_LT(IcdPrefixLast(*PackIcd10Cm("S72")), *PackIcd10Cm("S73"));
  EXPECT_EQ(IcdPrefixLast(*PackIcd10Cm("S72001A")), *PackIcd10Cm("S72001A"));
}

TEST(CodeTest, ModifierText) { EXPECT_EQ(ModifierText(*PackModifier("xs")), "XS"); }

}  // namespace
}  // namespace coderules
