#ifndef CODERULES_SRC_INTERNAL_TEXT_H_
#define CODERULES_SRC_INTERNAL_TEXT_H_

#include <string>

#include "absl/strings/string_view.h"

namespace coderules::internal {

bool IsValidUtf8(absl::string_view text);

// Text from a published file as UTF-8: kept as is when it already is valid UTF-8, otherwise read
// as Windows-1252 (the encoding of the CMS NCCI files); bytes 1252 leaves undefined become U+FFFD.
std::string ToUtf8(absl::string_view text);

}  // namespace coderules::internal

#endif  // CODERULES_SRC_INTERNAL_TEXT_H_
