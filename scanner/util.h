/* util.h - messages, growable buffers and small helpers shared by sunset */
#ifndef SUNSET_UTIL_H
#define SUNSET_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
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
	SUNSET_EREFUSED = -6,  /* refused before anything was read */
	SUNSET_EMEMORY = -7,   /* needed more memory than it may have */
	SUNSET_ETOOWIDE = -8   /* a node of more children than a parser holds */
};

typedef enum {
	SUNSET_MSG_INFO,
	SUNSET_MSG_WARN,
	SUNSET_MSG_ERROR
} sunset_msg_level;

/* Every message sunset prints goes through these (curl's warnf/errorf).
 * The message is one line; it is shown through sunset_printable(), so a
 * path or text from a repository in it cannot drive the terminal. */
void sunset_infof(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void sunset_warnf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void sunset_errorf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Redirect messages (tests capture them); NULL restores stderr. */
typedef void (*sunset_msg_sink)(sunset_msg_level level, const char *msg,
				void *payload);
void sunset_msg_set_sink(sunset_msg_sink sink, void *payload);
/* Drop every message of this thread (1), until as many calls with 0:
 * for reading again what was read, and warned about, before. */
void sunset_msg_mute(int mute);
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
/* The value of a hex digit, or -1 when `c` is none. */
int sunset_hexval(char c);

/* Append `n` bytes of `s` with the backslash escapes that JSON and the
 * C family share decoded: \n \t \r \b \f \\ \" \' \/ \` \$, \xNN,
 * \uNNNN (a UTF-16 surrogate pair as one code point; a lone surrogate
 * as U+FFFD) and \UNNNNNNNN, as UTF-8. A NUL is added as U+FFFD; any
 * other backslash is kept as written. */
void sunset_buf_unescape(sunset_buf *buf, const char *s, size_t n);
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

/* Make text safe to show a person (terminal, Markdown): C0 and C1
 * control characters (ANSI escapes, newlines, tabs), DEL and invalid
 * UTF-8 become \xNN per byte; the bidirectional controls (U+202A to
 * U+202E, U+2066 to U+2069, U+200E, U+200F, U+061C) and the line and
 * paragraph separators (U+2028, U+2029) become \uNNNN. Its output is
 * its own fixed point. Caller frees. */
char *sunset_printable(const char *s);

/* fprintf for what a person reads (the text listing, scores, the
 * gate's verdict, `report --list`): `fmt` is written as it is, and every
 * %s argument through sunset_printable(), so text from a repository
 * cannot move the cursor, retitle the terminal, reorder the line or
 * start a new one. Conversions: d i u x X o f e g s, with digits for
 * width and precision. */
void sunset_termf(FILE *out, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Write `len` bytes to `path` through a temporary file in the same
 * directory, renamed into place: a crash never leaves half a file, and
 * the temporary file is removed on every exit but SIGKILL. A file that
 * exists keeps its mode. Returns 0; SUNSET_EINTR, with nothing written,
 * once SIGINT or SIGTERM has come; or SUNSET_ERR with the error
 * printed. */
int sunset_write_file_atomic(const char *path, const char *data, size_t len);

/* Run `commit` (a rename, an SQL COMMIT) with SIGINT and SIGTERM held
 * back, unless one has come already: then SUNSET_EINTR and nothing is
 * run. So what a signal finds written was written before it. */
int sunset_commit_unless_interrupted(int (*commit)(void *), void *payload);

/* What this command wrote, for the message a signal ends it with:
 * sunset_written() is "a, b" or NULL when nothing was. */
void sunset_written_reset(void);
void sunset_written_add(const char *what);
const char *sunset_written(void);

/* `path` with symbolic links at its end followed, even to a target that
 * does not exist (what open(O_CREAT) would create). Caller frees. */
char *sunset_link_target(const char *path);

/* Non-zero when `file` (which need not exist yet) lies inside the
 * directory `dir`: its nearest existing ancestor, resolved, is `dir` or
 * below it. */
int sunset_path_inside(const char *file, const char *dir);

/* Midnight UTC of a YYYY-MM-DD date. Returns 0, or -1 when `s` is
 * not one. */
int sunset_parse_day(const char *s, time_t *out);

#endif
