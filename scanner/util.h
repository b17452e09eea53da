/* util.h - messages, growable buffers and small helpers shared by sunset */
#ifndef SUNSET_UTIL_H
#define SUNSET_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <time.h>

/* Exit codes, the same in every command (see README). */
enum {
	SUNSET_EXIT_OK = 0,
	SUNSET_EXIT_POLICY = 1,
	SUNSET_EXIT_USAGE = 2, /* usage or I/O error */
	SUNSET_EXIT_RULES = 3  /* invalid rule file */
};

/* Function results: 0 ok, negative for kinds of failure. */
enum {
	SUNSET_OK = 0,
	SUNSET_ERR = -1,       /* generic failure, message set */
	SUNSET_ENOTFOUND = -3, /* the named thing does not exist */
	SUNSET_ETOODEEP = -4,  /* nested deeper than a parser can take */
	SUNSET_EINTR = -5,     /* stopped by SIGINT or SIGTERM */
	SUNSET_EMEMORY = -6,   /* needed more memory than it may have */
	SUNSET_ETOOWIDE = -7   /* a node of more children than a parser holds */
};

typedef enum {
	SUNSET_MSG_INFO,
	SUNSET_MSG_WARN,
	SUNSET_MSG_ERROR
} sunset_msg_level;

/* Every message sunset prints goes through these (curl's warnf/errorf). */
void sunset_infof(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void sunset_warnf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void sunset_errorf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Redirect messages (tests capture them); NULL restores stderr. */
typedef void (*sunset_msg_sink)(sunset_msg_level level, const char *msg,
				void *payload);
void sunset_msg_set_sink(sunset_msg_sink sink, void *payload);
/* Silence info messages (--quiet); warnings and errors still print. */
void sunset_msg_set_quiet(int quiet);
/* Number of warnings emitted since start (or the last reset). */
/* Called with every warning's text as it is printed (one at a time,
 * from any thread); NULL: none. A scan keeps its warnings this way. */
typedef void (*sunset_warn_hook)(const char *line, void *payload);
void sunset_msg_set_warn_hook(sunset_warn_hook hook, void *payload);

/* Warnings printed by the calling thread since it started. */
unsigned long sunset_msg_thread_warnings(void);
/* SIGINT and SIGTERM only set a flag (sunset_signals_install); long
 * work checks it and stops cleanly: a scan stops reading files, nothing
 * is written, the inventory is left as it was. */
void sunset_signals_install(void);
/* The signal that asked sunset to stop, or 0. */
int sunset_interrupted(void);
/* For tests: set or clear the flag as a signal would. */
void sunset_interrupt_set(int signo);

/* A word that SIGINT and SIGTERM set to 1, as they set the flag: a
 * parser hands it to tree-sitter as its cancellation flag, so a signal
 * stops a parse that is running on any thread. The claimer may store 0
 * and 1 in it too; it must store 0 before it reads sunset_interrupted()
 * (a signal in between is then not lost). NULL when all are taken: the
 * caller uses a word of its own, which signals do not reach. */
size_t *sunset_stop_word_claim(void);
void sunset_stop_word_release(size_t *word);

/* Non-zero after sunset_msg_set_quiet(1). */
int sunset_msg_quiet(void);
unsigned long sunset_msg_warnings(void);
void sunset_msg_reset_counts(void);

/* Running out of memory: prints "sunset: error: out of memory", with
 * `doing` (what failed to allocate, or NULL) and the file being analysed
 * on this thread when known, and exits 2 at once, whatever the thread:
 * nothing more is written, and the inventory's transaction is never
 * committed. Allocates nothing. Every library's allocation failure ends
 * here (memory.h). */
__attribute__((noreturn)) void sunset_oom(const char *doing);
/* The file this thread is analysing, for sunset_oom() (NULL: none);
 * borrowed until set again. */
void sunset_oom_set_file(const char *path);

/* Allocation that exits (sunset_oom) on out-of-memory: callers never
 * check. */
void *sunset_malloc(size_t n);
void *sunset_calloc(size_t count, size_t n);
void *sunset_realloc(void *p, size_t n);
char *sunset_strdup(const char *s);
char *sunset_strndup(const char *s, size_t n);
char *sunset_asprintf(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/* A growable byte buffer; always NUL-terminated after any append. */
typedef struct {
	char *ptr;
	size_t len;
	size_t cap;
} sunset_buf;

#define SUNSET_BUF_INIT    \
	{                  \
		NULL, 0, 0 \
	}

void sunset_buf_grow(sunset_buf *buf, size_t extra);
void sunset_buf_put(sunset_buf *buf, const char *data, size_t len);
void sunset_buf_puts(sunset_buf *buf, const char *s);
void sunset_buf_printf(sunset_buf *buf, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void sunset_buf_clear(sunset_buf *buf);
/* Append code point `cp` encoded as UTF-8; one above U+10FFFF adds
 * nothing. */
void sunset_buf_put_utf8(sunset_buf *buf, unsigned long cp);
void sunset_buf_free(sunset_buf *buf);
/* Hand the buffer's memory to the caller (who frees it). */
char *sunset_buf_detach(sunset_buf *buf);

/* Join two path parts with exactly one '/'. Caller frees. */
char *sunset_path_join(const char *a, const char *b);

/* Parse a size such as "2M", "512k", "1048576" into bytes.
 * Returns 0 on success, SUNSET_ERR on a malformed value. */
int sunset_parse_size(unsigned long long *out, const char *s);

/* Length of the valid UTF-8 sequence at `s` (`n` bytes left), or 0 when
 * the bytes there are not valid UTF-8. */
size_t sunset_utf8_len(const unsigned char *s, size_t n);

/* Make text safe to print on a terminal: control bytes (ANSI escapes,
 * newlines) and invalid UTF-8 become \xNN. Caller frees. */
char *sunset_printable(const char *s);

/* Write `len` bytes to `path` through a temporary file in the same
 * directory, renamed into place: a crash never leaves half a file.
 * Returns 0, or SUNSET_ERR with the error printed. */
int sunset_write_file_atomic(const char *path, const char *data, size_t len);

/* Midnight UTC of a YYYY-MM-DD date. Returns 0, or -1 when `s` is
 * not one. */
int sunset_parse_day(const char *s, time_t *out);

#endif
