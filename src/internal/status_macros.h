#ifndef CODERULES_SRC_INTERNAL_STATUS_MACROS_H_
#define CODERULES_SRC_INTERNAL_STATUS_MACROS_H_

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define CODERULES_RETURN_IF_ERROR(expr)                    \
  do {                                                     \
    ::absl::Status _coderules_status = (expr);             \
    if (!_coderules_status.ok()) return _coderules_status; \
  } while (0)

#define CODERULES_STATUS_CONCAT_INNER_(a, b) a##b
#define CODERULES_STATUS_CONCAT_(a, b) CODERULES_STATUS_CONCAT_INNER_(a, b)

#define CODERULES_ASSIGN_OR_RETURN(lhs, expr)                                                     \
  CODERULES_ASSIGN_OR_RETURN_IMPL_(CODERULES_STATUS_CONCAT_(_coderules_statusor_, __LINE__), lhs, \
                                   expr)

#define CODERULES_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, expr) \
  auto statusor = (expr);                                     \
  if (!statusor.ok()) return std::move(statusor).status();    \
  lhs = std::move(statusor).value()

#endif  // CODERULES_SRC_INTERNAL_STATUS_MACROS_H_
