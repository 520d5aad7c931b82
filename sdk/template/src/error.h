/*
 * Errors: the ABI's opaque strata_error, as this backend defines it.
 *
 * Every fallible slot returns NULL on success or an error the host later releases with
 * error_destroy. Messages say what was wrong and how to fix it, naming the op, the operands'
 * dtypes and shapes: the host shows them to users as they are.
 */
#ifndef TPL_ERROR_H_
#define TPL_ERROR_H_

#include <strata/backend.h>

#if defined(__GNUC__)
#define TPL_PRINTF(format_arg, first_arg) __attribute__((format(printf, format_arg, first_arg)))
#else
#define TPL_PRINTF(format_arg, first_arg)
#endif

/* A new error with a printf-style message. Never NULL: when even the error cannot be
 * allocated, a static out-of-memory error comes back instead. */
strata_error* tpl_error(strata_status_code code, const char* format, ...) TPL_PRINTF(2, 3);

/* The ABI's error slots. */
strata_status_code tpl_error_code(const strata_error* err);
void tpl_error_message(const strata_error* err, const char** message, size_t* message_len);
void tpl_error_destroy(strata_error* err);

#endif /* TPL_ERROR_H_ */
