#pragma once

// Abseil 20220623 ships no status macros; these two are the only ones the suite uses.

#define COLLAB_CONCAT_INNER(a, b) a##b
#define COLLAB_CONCAT(a, b) COLLAB_CONCAT_INNER(a, b)

#define RETURN_IF_ERROR(expr)                  \
  do {                                         \
    ::absl::Status collab_status_ = (expr);    \
    if (!collab_status_.ok()) return collab_status_; \
  } while (false)

#define ASSIGN_OR_RETURN(lhs, expr) \
  COLLAB_ASSIGN_OR_RETURN_IMPL(COLLAB_CONCAT(collab_statusor_, __LINE__), lhs, expr)

#define COLLAB_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                 \
  if (!tmp.ok()) return tmp.status();                \
  lhs = std::move(tmp).value()
