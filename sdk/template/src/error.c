#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

struct strata_error {
  strata_status_code code;
  size_t length;  /* of message, without the terminating NUL */
  char message[]; /* the host gets pointer + length; the NUL is only for debuggers */
};

/* Handed out when malloc fails, so a failure is still reported as a value. It is static:
 * error_destroy must leave it alone (the ABI allows this, section 2 of backend.h). */
static strata_error out_of_memory_error = {STRATA_OUT_OF_MEMORY, 0};
static const char out_of_memory_message[] = "template: out of host memory";

strata_error* tpl_error(strata_status_code code, const char* format, ...) {
  va_list args;
  va_start(args, format);
  va_list measure;
  va_copy(measure, args);
  const int length = vsnprintf(NULL, 0, format, measure);
  va_end(measure);

  strata_error* err = length < 0 ? NULL : malloc(sizeof *err + (size_t)length + 1);
  if (err != NULL) {
    err->code = code;
    err->length = (size_t)length;
    vsnprintf(err->message, (size_t)length + 1, format, args);
  }
  va_end(args);
  return err != NULL ? err : &out_of_memory_error;
}

strata_status_code tpl_error_code(const strata_error* err) {
  return err->code;
}

void tpl_error_message(const strata_error* err, const char** message, size_t* message_len) {
  if (err == &out_of_memory_error) {
    *message = out_of_memory_message;
    *message_len = sizeof out_of_memory_message - 1;
    return;
  }
  *message = err->message;
  *message_len = err->length;
}

void tpl_error_destroy(strata_error* err) {
  if (err != &out_of_memory_error) free(err); /* free(NULL) is fine: the slot accepts NULL */
}
