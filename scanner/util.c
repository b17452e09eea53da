/* util.c - messages, growable buffers and small helpers shared by sunset */
#include "util.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static sunset_msg_sink msg_sink;
static void *msg_payload;
static int msg_quiet;
/* scan workers print too: one message at a time, counted exactly */
static pthread_mutex_t msg_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned long msg_warnings;
static _Thread_local unsigned long msg_thread_warnings;
static sunset_warn_hook warn_hook;
static void *warn_hook_payload;

void sunset_msg_set_warn_hook(sunset_warn_hook hook, void *payload)
{
	pthread_mutex_lock(&msg_lock);
	warn_hook = hook;
	warn_hook_payload = payload;
	pthread_mutex_unlock(&msg_lock);
}

void sunset_msg_set_sink(sunset_msg_sink sink, void *payload)
{
	msg_sink = sink;
	msg_payload = payload;
}

static volatile sig_atomic_t interrupted;

/* The words parsers hand tree-sitter as cancellation flags: a signal
 * sets every one (claimed or not, a store each: async-signal-safe). */
#define STOP_WORDS 1024
static size_t stop_words[STOP_WORDS];
static int stop_claimed[STOP_WORDS];

static void stop_all(void)
{
	for (size_t i = 0; i < STOP_WORDS; i++)
		__atomic_store_n(&stop_words[i], 1, __ATOMIC_SEQ_CST);
}

static void on_signal(int signo)
{
	interrupted = signo;
	stop_all();
}

size_t *sunset_stop_word_claim(void)
{
	for (size_t i = 0; i < STOP_WORDS; i++)
		if (!__atomic_exchange_n(&stop_claimed[i], 1, __ATOMIC_ACQ_REL))
			return &stop_words[i];
	return NULL;
}

void sunset_stop_word_release(size_t *word)
{
	if (word >= stop_words && word < stop_words + STOP_WORDS)
		__atomic_store_n(&stop_claimed[word - stop_words], 0,
				 __ATOMIC_RELEASE);
}

void sunset_signals_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	/* a reader that leaves (sunset scan | head) makes writes to
	 * standard output fail with EPIPE instead of killing sunset before
	 * the inventory and the reports are written */
	signal(SIGPIPE, SIG_IGN);
}

int sunset_interrupted(void)
{
	return (int)interrupted;
}

void sunset_interrupt_set(int signo)
{
	interrupted = signo;
	if (signo)
		stop_all();
}

void sunset_msg_set_quiet(int quiet)
{
	msg_quiet = quiet;
}

int sunset_msg_quiet(void)
{
	return msg_quiet;
}

unsigned long sunset_msg_warnings(void)
{
	unsigned long n;

	pthread_mutex_lock(&msg_lock);
	n = msg_warnings;
	pthread_mutex_unlock(&msg_lock);
	return n;
}

unsigned long sunset_msg_thread_warnings(void)
{
	return msg_thread_warnings;
}

void sunset_msg_reset_counts(void)
{
	pthread_mutex_lock(&msg_lock);
	msg_warnings = 0;
	pthread_mutex_unlock(&msg_lock);
}

/* sunset_msg_mute() of this thread */
static __thread int msg_muted;

void sunset_msg_mute(int mute)
{
	msg_muted += mute ? 1 : -1;
}

static void vmsg(sunset_msg_level level, const char *fmt, va_list ap)
{
	static const char *const prefix[] = {
		"", "sunset: warning: ", "sunset: error: "};
	char line[4096], *shown;

	if (msg_muted)
		return;
	if (level == SUNSET_MSG_WARN)
		msg_thread_warnings++;
	if (level == SUNSET_MSG_INFO && msg_quiet)
		return;
	vsnprintf(line, sizeof(line), fmt, ap);
	/* a message names paths and text from repositories: what reaches
	 * the terminal, the sink and the hook is escaped, whatever the
	 * caller passed */
	shown = sunset_printable(line);
	pthread_mutex_lock(&msg_lock);
	if (level == SUNSET_MSG_WARN) {
		msg_warnings++;
		if (warn_hook)
			warn_hook(shown, warn_hook_payload);
	}
	if (msg_sink)
		msg_sink(level, shown, msg_payload);
	else
		fprintf(stderr, "%s%s\n", prefix[level], shown);
	pthread_mutex_unlock(&msg_lock);
	free(shown);
}

void sunset_infof(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg(SUNSET_MSG_INFO, fmt, ap);
	va_end(ap);
}

void sunset_warnf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg(SUNSET_MSG_WARN, fmt, ap);
	va_end(ap);
}

void sunset_errorf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg(SUNSET_MSG_ERROR, fmt, ap);
	va_end(ap);
}

static _Thread_local const char *oom_file;

void sunset_oom_set_file(const char *path)
{
	oom_file = path;
}

/* Append `s` to line[*n] (up to `cap`), control bytes as '?'. */
static void oom_put(char *line, size_t *n, size_t cap, const char *s)
{
	for (; *s && *n < cap; s++)
		line[(*n)++] =
			(unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s;
}

/* Only write(2) and _exit(2): the heap, stdio's locks and the other
 * threads may be anywhere. */
void sunset_oom(const char *doing)
{
	static int dying;
	char line[1024];
	size_t n = 0, cap = sizeof(line) - 1;

	/* one message: a second thread out of memory waits for the exit */
	if (__atomic_exchange_n(&dying, 1, __ATOMIC_ACQ_REL))
		for (;;)
			pause();

	oom_put(line, &n, cap, "sunset: error: out of memory");
	if (doing) {
		oom_put(line, &n, cap, " while ");
		oom_put(line, &n, cap, doing);
	}
	if (oom_file) {
		oom_put(line, &n, cap, " (analysing ");
		oom_put(line, &n, cap, oom_file);
		oom_put(line, &n, cap, ")");
	}
	oom_put(line, &n, cap,
		"; nothing more was written: give sunset more memory, "
		"or run fewer workers (-j)");
	line[n++] = '\n';
	while (write(STDERR_FILENO, line, n) < 0 && errno == EINTR)
		;
	_exit(SUNSET_EXIT_USAGE);
}

static void oom(void)
{
	sunset_oom(NULL);
}

void *sunset_malloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *sunset_calloc(size_t count, size_t n)
{
	void *p = calloc(count ? count : 1, n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *sunset_realloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom();
	return q;
}

char *sunset_strdup(const char *s)
{
	return sunset_strndup(s, strlen(s));
}

char *sunset_strndup(const char *s, size_t n)
{
	char *p = sunset_malloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static void buf_vprintf(sunset_buf *buf, const char *fmt, va_list ap)
{
	va_list copy;
	int n;

	va_copy(copy, ap);
	n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		oom();
	sunset_buf_grow(buf, (size_t)n);
	vsnprintf(buf->ptr + buf->len, (size_t)n + 1, fmt, ap);
	buf->len += (size_t)n;
}

char *sunset_asprintf(const char *fmt, ...)
{
	sunset_buf buf = SUNSET_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&buf, fmt, ap);
	va_end(ap);
	return sunset_buf_detach(&buf);
}

void sunset_buf_grow(sunset_buf *buf, size_t extra)
{
	size_t need = buf->len + extra + 1;
	size_t cap;

	if (need <= buf->cap)
		return;
	cap = buf->cap ? buf->cap : 64;
	while (cap < need)
		cap *= 2;
	buf->ptr = sunset_realloc(buf->ptr, cap);
	buf->cap = cap;
}

void sunset_buf_put(sunset_buf *buf, const char *data, size_t len)
{
	sunset_buf_grow(buf, len);
	if (len)
		memcpy(buf->ptr + buf->len, data, len);
	buf->len += len;
	buf->ptr[buf->len] = '\0';
}

void sunset_buf_puts(sunset_buf *buf, const char *s)
{
	sunset_buf_put(buf, s, strlen(s));
}

void sunset_buf_printf(sunset_buf *buf, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(buf, fmt, ap);
	va_end(ap);
}

void sunset_buf_put_utf8(sunset_buf *b, unsigned long cp)
{
	char u[4];

	if (cp > 0x10FFFF)
		return;
	if (cp < 0x80) {
		u[0] = (char)cp;
		sunset_buf_put(b, u, 1);
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		sunset_buf_put(b, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		sunset_buf_put(b, u, 3);
	} else {
		u[0] = (char)(0xF0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		sunset_buf_put(b, u, 4);
	}
}

int sunset_hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The value of `digits` hex digits at s (n bytes left), or -1. */
static long hex_at(const char *s, size_t n, int digits)
{
	long v = 0;

	if (n < (size_t)digits)
		return -1;
	for (int k = 0; k < digits; k++) {
		int h = sunset_hexval(s[k]);
		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

void sunset_buf_unescape(sunset_buf *b, const char *s, size_t n)
{
	static const char plain[] = "\\\"'/`$";
	size_t i = 0;

	while (i < n) {
		char c = s[i];
		long cp = -1;
		size_t used = 2;
		if (c != '\\' || i + 1 >= n) {
			sunset_buf_put(b, &c, 1);
			i++;
			continue;
		}
		c = s[i + 1];
		if (c == 'n')
			cp = '\n';
		else if (c == 't')
			cp = '\t';
		else if (c == 'r')
			cp = '\r';
		else if (c == 'b')
			cp = '\b';
		else if (c == 'f')
			cp = '\f';
		else if (strchr(plain, c) && c)
			cp = (unsigned char)c;
		else if (c == 'x' &&
			 (cp = hex_at(s + i + 2, n - i - 2, 2)) >= 0)
			used = 4;
		else if (c == 'U' &&
			 (cp = hex_at(s + i + 2, n - i - 2, 8)) >= 0)
			used = 10;
		else if (c == 'u' &&
			 (cp = hex_at(s + i + 2, n - i - 2, 4)) >= 0) {
			long lo;
			used = 6;
			/* UTF-16: a high surrogate and the low one after it
			 * make one code point; a lone one is no character */
			if (cp >= 0xD800 && cp <= 0xDBFF && i + 12 <= n &&
			    s[i + 6] == '\\' && s[i + 7] == 'u' &&
			    (lo = hex_at(s + i + 8, n - i - 8, 4)) >= 0xDC00 &&
			    lo <= 0xDFFF) {
				cp = 0x10000 + ((cp - 0xD800) << 10) +
				     (lo - 0xDC00);
				used = 12;
			} else if (cp >= 0xD800 && cp <= 0xDFFF) {
				cp = 0xFFFD;
			}
		}
		if (cp < 0) {
			/* not an escape sunset knows: kept as written */
			sunset_buf_put(b, s + i, 2);
		} else {
			/* a NUL would cut the text short: U+FFFD */
			if (cp == 0 || cp > 0x10FFFF)
				cp = 0xFFFD;
			sunset_buf_put_utf8(b, (unsigned long)cp);
		}
		i += used;
	}
}

void sunset_buf_clear(sunset_buf *buf)
{
	buf->len = 0;
	if (buf->ptr)
		buf->ptr[0] = '\0';
}

void sunset_buf_free(sunset_buf *buf)
{
	free(buf->ptr);
	buf->ptr = NULL;
	buf->len = buf->cap = 0;
}

char *sunset_buf_detach(sunset_buf *buf)
{
	char *p = buf->ptr;
	if (!p)
		p = sunset_strdup("");
	buf->ptr = NULL;
	buf->len = buf->cap = 0;
	return p;
}

char *sunset_path_join(const char *a, const char *b)
{
	size_t la = strlen(a);

	if (!la)
		return sunset_strdup(b);
	if (!*b)
		return sunset_strdup(a);
	if (a[la - 1] == '/')
		return sunset_asprintf("%s%s", a, b);
	return sunset_asprintf("%s/%s", a, b);
}

int sunset_parse_size(unsigned long long *out, const char *s)
{
	char *end;
	unsigned long long v, mult = 1;

	if (!s || !*s || *s == '-')
		return SUNSET_ERR;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s)
		return SUNSET_ERR;
	switch (*end) {
	case '\0':
		break;
	case 'k':
	case 'K':
		mult = 1024ULL;
		end++;
		break;
	case 'm':
	case 'M':
		mult = 1024ULL * 1024;
		end++;
		break;
	case 'g':
	case 'G':
		mult = 1024ULL * 1024 * 1024;
		end++;
		break;
	default:
		return SUNSET_ERR;
	}
	if (*end == 'i' || *end == 'B') /* accept KiB, MB, MiB */
		end += (*end == 'i' && end[1] == 'B') ? 2 : 1;
	if (*end != '\0')
		return SUNSET_ERR;
	if (mult > 1 && v > (~0ULL) / mult)
		return SUNSET_ERR;
	*out = v * mult;
	return SUNSET_OK;
}

/* Length of a valid UTF-8 sequence at s (n bytes left), or 0. */
size_t sunset_utf8_len(const unsigned char *s, size_t n)
{
	size_t len, i;
	unsigned int cp;

	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xE0) == 0xC0) {
		len = 2;
		cp = s[0] & 0x1F;
	} else if ((s[0] & 0xF0) == 0xE0) {
		len = 3;
		cp = s[0] & 0x0F;
	} else if ((s[0] & 0xF8) == 0xF0) {
		len = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

/* The code point of the valid `l`-byte UTF-8 sequence at p. */
static unsigned long utf8_cp(const unsigned char *p, size_t l)
{
	static const unsigned char lead_mask[] = {0, 0x7F, 0x1F, 0x0F, 0x07};
	unsigned long cp = p[0] & lead_mask[l];

	for (size_t i = 1; i < l; i++)
		cp = (cp << 6) | (p[i] & 0x3F);
	return cp;
}

/* Format characters that reorder or break the text a person reads
 * (Trojan Source): the bidirectional marks, embeddings, overrides and
 * isolates, and the Unicode line and paragraph separators. */
static int invisible_control(unsigned long cp)
{
	return cp == 0x061C || cp == 0x200E || cp == 0x200F ||
	       (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

char *sunset_printable(const char *s)
{
	sunset_buf out = SUNSET_BUF_INIT;
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);

	while (n) {
		size_t l = sunset_utf8_len(p, n);
		if (l == 0 || (l == 1 && (*p < 0x20 || *p == 0x7F)) ||
		    (l == 2 && p[0] == 0xC2 && p[1] < 0xA0)) {
			/* invalid byte, control byte, or C1 control */
			sunset_buf_printf(&out, "\\x%02X", *p);
			p++;
			n--;
			continue;
		}
		if (l == 3 || l == 2) {
			unsigned long cp = utf8_cp(p, l);
			if (invisible_control(cp)) {
				sunset_buf_printf(&out, "\\u%04lX", cp);
				p += l;
				n -= l;
				continue;
			}
		}
		sunset_buf_put(&out, (const char *)p, l);
		p += l;
		n -= l;
	}
	return sunset_buf_detach(&out);
}

/* What this process wrote (sunset_written_*), and the temporary file of
 * the write under way, which an exit removes. Writes happen on the main
 * thread. */
static sunset_buf written = SUNSET_BUF_INIT;
static char *in_progress;

static void remove_in_progress(void)
{
	if (in_progress)
		unlink(in_progress);
}

void sunset_written_reset(void)
{
	sunset_buf_clear(&written);
}

void sunset_written_add(const char *what)
{
	char *p = sunset_printable(what);
	sunset_buf_printf(&written, "%s%s", written.len ? ", " : "", p);
	free(p);
}

const char *sunset_written(void)
{
	return written.len ? written.ptr : NULL;
}

int sunset_commit_unless_interrupted(int (*commit)(void *), void *payload)
{
	sigset_t stop, old;
	int error;

	/* a signal coming now waits until the commit is done or refused,
	 * so that "nothing more was written" is true */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, &old);
	error = sunset_interrupted() ? SUNSET_EINTR : commit(payload);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return error;
}

static int rename_into_place(void *payload)
{
	const char *const *names = payload;
	return rename(names[0], names[1]) < 0 ? SUNSET_ERR : 0;
}

/* printf's conversions one at a time, each argument fetched by its
 * type, so that every string can be shown through sunset_printable().
 * The conversions sunset uses: flags, width and precision as digits
 * (no '*'), the length modifiers hh h l ll z j t L. */
static void term_vformat(sunset_buf *o, const char *fmt, va_list ap)
{
	const char *p = fmt;

	while (*p) {
		const char *pct = strchr(p, '%');
		char spec[24], len = 0, conv;
		size_t n;

		if (!pct) {
			sunset_buf_puts(o, p);
			return;
		}
		sunset_buf_put(o, p, (size_t)(pct - p));
		p = pct + 1;
		p += strspn(p, "-+ #0");
		p += strspn(p, "0123456789");
		if (*p == '.')
			p += 1 + strspn(p + 1, "0123456789");
		if (*p && strchr("hlzjtL", *p)) {
			len = *p++;
			if ((len == 'h' || len == 'l') && *p == len)
				len = (char)(len == 'h' ? 'H' : 'q'), p++;
		}
		conv = *p++;
		n = (size_t)(p - pct);
		if (!conv || n >= sizeof(spec))
			abort(); /* a format sunset does not write */
		memcpy(spec, pct, n);
		spec[n] = '\0';
		switch (conv) {
		case '%':
			sunset_buf_puts(o, "%");
			break;
		case 's': {
			const char *a = va_arg(ap, const char *);
			char *e = sunset_printable(a ? a : "(null)");
			sunset_buf_printf(o, spec, e);
			free(e);
			break;
		}
		case 'd':
		case 'i':
			if (len == 'l')
				sunset_buf_printf(o, spec, va_arg(ap, long));
			else if (len == 'q')
				sunset_buf_printf(o, spec,
						  va_arg(ap, long long));
			else if (len == 'z' || len == 't')
				sunset_buf_printf(o, spec,
						  va_arg(ap, ptrdiff_t));
			else if (len == 'j')
				sunset_buf_printf(o, spec,
						  va_arg(ap, intmax_t));
			else
				sunset_buf_printf(o, spec, va_arg(ap, int));
			break;
		case 'u':
		case 'x':
		case 'X':
		case 'o':
			if (len == 'l')
				sunset_buf_printf(o, spec,
						  va_arg(ap, unsigned long));
			else if (len == 'q')
				sunset_buf_printf(
					o, spec,
					va_arg(ap, unsigned long long));
			else if (len == 'z' || len == 't')
				sunset_buf_printf(o, spec, va_arg(ap, size_t));
			else if (len == 'j')
				sunset_buf_printf(o, spec,
						  va_arg(ap, uintmax_t));
			else
				sunset_buf_printf(o, spec,
						  va_arg(ap, unsigned int));
			break;
		case 'f':
		case 'e':
		case 'g':
			if (len == 'L')
				sunset_buf_printf(o, spec,
						  va_arg(ap, long double));
			else
				sunset_buf_printf(o, spec, va_arg(ap, double));
			break;
		default:
			abort(); /* %c, %p, %n: not used for people */
		}
	}
}

void sunset_termf(FILE *out, const char *fmt, ...)
{
	sunset_buf b = SUNSET_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	term_vformat(&b, fmt, ap);
	va_end(ap);
	if (b.len)
		fwrite(b.ptr, 1, b.len, out);
	sunset_buf_free(&b);
}

int sunset_write_file_atomic(const char *path, const char *data, size_t len)
{
	static int registered;
	char *tmp = sunset_asprintf("%s.tmp.XXXXXX", path);
	const char *names[2] = {tmp, path};
	struct stat sb;
	int fd, error;
	size_t off = 0;

	if (!registered && atexit(remove_in_progress) == 0)
		registered = 1;
	if (sunset_interrupted()) {
		free(tmp);
		return SUNSET_EINTR;
	}
	fd = mkstemp(tmp);
	if (fd < 0) {
		sunset_errorf("cannot write %s: %s; check the directory exists "
			      "and is writable",
			      path, strerror(errno));
		free(tmp);
		return SUNSET_ERR;
	}
	in_progress = tmp;
	/* mkstemp makes 0600: a file written again keeps its mode, a new
	 * report is as readable as any new file */
	if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode)) {
		fchmod(fd, sb.st_mode & 07777);
	} else {
		mode_t mask = umask(0);
		umask(mask);
		fchmod(fd, 0666 & ~mask);
	}
	while (off < len) {
		ssize_t w = write(fd, data + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			goto fail;
		off += (size_t)w;
	}
	if (fsync(fd) < 0 || close(fd) < 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	error = sunset_commit_unless_interrupted(rename_into_place, names);
	if (error == SUNSET_EINTR) {
		unlink(tmp);
		in_progress = NULL;
		free(tmp);
		return SUNSET_EINTR;
	}
	if (error < 0)
		goto fail;
	in_progress = NULL;
	sunset_written_add(path);
	free(tmp);
	return 0;
fail:
	sunset_errorf("cannot write %s: %s", path, strerror(errno));
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	in_progress = NULL;
	free(tmp);
	return SUNSET_ERR;
}

char *sunset_link_target(const char *path)
{
	char *cur = sunset_strdup(path);

	for (int hops = 0; hops < 40; hops++) {
		struct stat sb;
		char buf[4096];
		ssize_t n;
		if (lstat(cur, &sb) < 0 || !S_ISLNK(sb.st_mode))
			break;
		n = readlink(cur, buf, sizeof(buf) - 1);
		if (n < 0)
			break;
		buf[n] = '\0';
		if (buf[0] == '/') {
			free(cur);
			cur = sunset_strdup(buf);
		} else {
			char *slash = strrchr(cur, '/');
			char *next = slash ? sunset_asprintf("%.*s/%s",
							     (int)(slash - cur),
							     cur, buf)
					   : sunset_strdup(buf);
			free(cur);
			cur = next;
		}
	}
	return cur;
}

int sunset_path_inside(const char *file, const char *dir)
{
	char *root = realpath(dir, NULL);
	char *up = sunset_strdup(file);
	char *real = realpath(file, NULL), *slash;
	int inside = 0;

	while (root && !real && (slash = strrchr(up, '/')) != NULL) {
		*slash = '\0';
		real = realpath(*up ? up : "/", NULL);
	}
	if (root && !real && file[0] != '/')
		real = realpath(".", NULL); /* relative, nothing of it yet */
	if (real) {
		size_t n = strlen(root);
		inside = !strncmp(real, root, n) &&
			 (real[n] == '/' || real[n] == '\0' ||
			  !strcmp(root, "/"));
	}
	free(root);
	free(up);
	free(real);
	return inside;
}

int sunset_parse_day(const char *s, time_t *out)
{
	struct tm tm;
	int y, m, d;

	if (!s || sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	*out = timegm(&tm);
	return 0;
}
