/* parse.c - tree-sitter grammars compiled into sunset, and parsing */
#include "parse.h"

#include <malloc.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include "grammars.h" /* generated from package.json: pinned versions */
#include "util.h"

const TSLanguage *tree_sitter_python(void);
const TSLanguage *tree_sitter_javascript(void);
const TSLanguage *tree_sitter_typescript(void);
const TSLanguage *tree_sitter_tsx(void);
const TSLanguage *tree_sitter_go(void);
const TSLanguage *tree_sitter_java(void);
const TSLanguage *tree_sitter_kotlin(void);
const TSLanguage *tree_sitter_c_sharp(void);
const TSLanguage *tree_sitter_ruby(void);
const TSLanguage *tree_sitter_php(void);
const TSLanguage *tree_sitter_rust(void);
const TSLanguage *tree_sitter_json(void);
const TSLanguage *tree_sitter_yaml(void);
const TSLanguage *tree_sitter_toml(void);

static const sunset_grammar_info grammars[] = {
	{SUNSET_LANG_PYTHON, "tree-sitter-python", GRAMMAR_TREE_SITTER_PYTHON,
	 tree_sitter_python},
	{SUNSET_LANG_JAVASCRIPT, "tree-sitter-javascript",
	 GRAMMAR_TREE_SITTER_JAVASCRIPT, tree_sitter_javascript},
	{SUNSET_LANG_TYPESCRIPT, "tree-sitter-typescript",
	 GRAMMAR_TREE_SITTER_TYPESCRIPT, tree_sitter_typescript},
	{SUNSET_LANG_TSX, "tree-sitter-typescript",
	 GRAMMAR_TREE_SITTER_TYPESCRIPT, tree_sitter_tsx},
	{SUNSET_LANG_GO, "tree-sitter-go", GRAMMAR_TREE_SITTER_GO,
	 tree_sitter_go},
	{SUNSET_LANG_JAVA, "tree-sitter-java", GRAMMAR_TREE_SITTER_JAVA,
	 tree_sitter_java},
	{SUNSET_LANG_KOTLIN, "tree-sitter-kotlin", GRAMMAR_TREE_SITTER_KOTLIN,
	 tree_sitter_kotlin},
	{SUNSET_LANG_CSHARP, "tree-sitter-c-sharp", GRAMMAR_TREE_SITTER_C_SHARP,
	 tree_sitter_c_sharp},
	{SUNSET_LANG_RUBY, "tree-sitter-ruby", GRAMMAR_TREE_SITTER_RUBY,
	 tree_sitter_ruby},
	{SUNSET_LANG_PHP, "tree-sitter-php", GRAMMAR_TREE_SITTER_PHP,
	 tree_sitter_php},
	{SUNSET_LANG_RUST, "tree-sitter-rust", GRAMMAR_TREE_SITTER_RUST,
	 tree_sitter_rust},
	{SUNSET_LANG_JSON, "tree-sitter-json", GRAMMAR_TREE_SITTER_JSON,
	 tree_sitter_json},
	{SUNSET_LANG_YAML, "@tree-sitter-grammars/tree-sitter-yaml",
	 GRAMMAR_TREE_SITTER_GRAMMARS_TREE_SITTER_YAML, tree_sitter_yaml},
	{SUNSET_LANG_TOML, "@tree-sitter-grammars/tree-sitter-toml",
	 GRAMMAR_TREE_SITTER_GRAMMARS_TREE_SITTER_TOML, tree_sitter_toml},
};

#define NGRAMMARS (sizeof(grammars) / sizeof(grammars[0]))

size_t sunset_grammar_count(void)
{
	return NGRAMMARS;
}

const sunset_grammar_info *sunset_grammar_at(size_t i)
{
	return i < NGRAMMARS ? &grammars[i] : NULL;
}

const TSLanguage *sunset_grammar(sunset_lang lang)
{
	for (size_t i = 0; i < NGRAMMARS; i++)
		if (grammars[i].lang == lang)
			return grammars[i].language();
	return NULL;
}

int sunset_grammars_check(void)
{
	TSParser *parser = ts_parser_new();
	int error = 0;

	for (size_t i = 0; i < NGRAMMARS; i++) {
		const TSLanguage *l = grammars[i].language();
		if (!ts_parser_set_language(parser, l)) {
			sunset_errorf(
				"grammar %s %s for %s has ABI %u, which "
				"the tree-sitter runtime cannot load "
				"(it takes %u to %u); pin a release "
				"of ABI 14 in package.json",
				grammars[i].package, grammars[i].version,
				sunset_lang_name(grammars[i].lang),
				ts_language_version(l),
				TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION,
				TREE_SITTER_LANGUAGE_VERSION);
			error = SUNSET_ERR;
		}
	}
	ts_parser_delete(parser);
	return error;
}

/* ---- tree-sitter's memory ----
 *
 * tree-sitter allocates through these (ts_set_allocator; its default
 * allocator prints "failed to allocate" and exits 1, the code of a
 * failed policy). They are installed when the program loads, before any
 * tree-sitter object exists: a block must be freed by the allocator
 * that made it. Each block starts with its size, so what tree-sitter
 * holds is counted exactly, per thread. Each parse has a tree-sitter
 * parser of its own, made and deleted with it, so what a parse counts
 * depends on the file (and the ranges parsed) alone: never on the thread
 * that ran it, on what that thread parsed before, or on other parses in
 * flight. Running out of memory ends in sunset_oom(). */

typedef struct {
	_Alignas(max_align_t) size_t size; /* bytes asked for */
	size_t check;			   /* size ^ block_secret() */
} block_header;

/* Tells a block of ours from a pointer inside one: tree-sitter 0.20.7
 * keeps a node's count of children in 16 bits where it computes where
 * they start, so a node of 65,536 or more (65,536 comments in a row)
 * frees an address inside its block. Freed, that corrupts the heap;
 * left alone it is a leak, and the tree it came from is refused
 * (SUNSET_ETOOWIDE). The secret differs from run to run (ASLR): no file
 * can write a header that passes. */
static size_t block_secret(void)
{
	static const char here;
	return (size_t)(uintptr_t)&here * 0x9E3779B97F4A7C15ULL;
}

#define BLOCK(n) ((long long)((n) + sizeof(block_header)))

/* what the tree-sitter blocks this thread made hold, less what it freed
 * (a block freed on another thread leaves it high: only differences
 * over one parse are read) */
static _Thread_local long long ts_held;
/* the parse this thread is running, whose memory counts */
static _Thread_local sunset_parser *ts_counting;

static void count(long long delta);

/* sizeof(block_header) + n, or sunset_oom() when that overflows */
static size_t block_size(size_t n)
{
	if (n > SIZE_MAX - sizeof(block_header))
		sunset_oom("parsing");
	return sizeof(block_header) + n;
}

static void *block_new(size_t n, int zeroed)
{
	block_header *b =
		zeroed ? calloc(1, block_size(n)) : malloc(block_size(n));

	if (!b)
		sunset_oom("parsing");
	b->size = n;
	b->check = n ^ block_secret();
	count(BLOCK(n));
	return b + 1;
}

static void *ts_alloc(size_t n)
{
	return block_new(n, 0);
}

static void *ts_alloc_zeroed(size_t count_, size_t n)
{
	size_t total;

	if (__builtin_mul_overflow(count_, n, &total))
		sunset_oom("parsing");
	return block_new(total, 1);
}

static void ts_release(void *p)
{
	block_header *b = p ? (block_header *)p - 1 : NULL;

	if (!b || b->check != (b->size ^ block_secret()))
		return; /* not ours: see block_secret() */
	count(-BLOCK(b->size));
	free(b);
}

static void *ts_grow(void *p, size_t n)
{
	block_header *b = p ? (block_header *)p - 1 : NULL, *grown;
	size_t old;

	if (!b)
		return block_new(n, 0);
	old = b->size;
	grown = realloc(b, block_size(n));
	if (!grown)
		sunset_oom("parsing");
	grown->size = n;
	grown->check = n ^ block_secret();
	count((long long)n - (long long)old);
	return grown + 1;
}

__attribute__((constructor)) static void install_allocator(void)
{
	ts_set_allocator(ts_alloc, ts_alloc_zeroed, ts_grow, ts_release);
}

void sunset_ts_free(void *block)
{
	ts_release(block);
}

/* ---- the memory parses share ---- */

struct sunset_parse_pool {
	pthread_mutex_t lock;
	pthread_cond_t room;
	unsigned long long limit;    /* 0: none */
	unsigned long long reserved; /* what parses and trees hold, or may */
	unsigned holders;	     /* parsers holding some of it */
	unsigned growing;	     /* parses waiting for room to grow */
	unsigned alone;		     /* parses waiting to run alone */
	/* What is resident for the parsers, by their count: each holds
	 * what it reserved, and glibc keeps for its thread what that
	 * thread freed (its arena), as much as its largest parse since
	 * the memory freed was last handed back (`epoch`). */
	unsigned long long resident;
	unsigned epoch;
};

sunset_parse_pool *sunset_parse_pool_new(unsigned long long limit)
{
	sunset_parse_pool *self = sunset_calloc(1, sizeof(*self));

	pthread_mutex_init(&self->lock, NULL);
	pthread_cond_init(&self->room, NULL);
	self->limit = limit;
	return self;
}

void sunset_parse_pool_delete(sunset_parse_pool *self)
{
	if (!self)
		return;
	pthread_mutex_destroy(&self->lock);
	pthread_cond_destroy(&self->room);
	free(self);
}

/* Wait on the pool's condition (its lock held) at most 50 ms: a signal
 * cannot wake a condition, so waiters look at the flag that often. */
static void pool_wait(sunset_parse_pool *self)
{
	struct timespec until;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_nsec += 50 * 1000 * 1000;
	if (until.tv_nsec >= 1000000000) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000;
	}
	pthread_cond_timedwait(&self->room, &self->lock, &until);
}

/* What a parse reserves before it starts: tree-sitter holds 10 to 75
 * bytes per byte parsed for most files (README.md, Workers and memory);
 * a parse that needs more reserves more as it goes. */
#define GUESS_PER_BYTE 64
#define GUESS_MIN (256 * 1024ULL)

static unsigned long long guess(const sunset_parse_pool *pool, size_t bytes)
{
	unsigned long long g =
		GUESS_MIN + (unsigned long long)bytes * GUESS_PER_BYTE;
	return g < pool->limit ? g : pool->limit;
}

struct sunset_parser {
	unsigned long timeout_ms;
	sunset_parse_pool *pool; /* NULL, or a limit of 0: no limit */
	/* tree-sitter's cancellation flag: a word SIGINT and SIGTERM set
	 * (util.h), or own_stop when none was left; the allocator sets it
	 * too when the parse needs more memory than it may have */
	size_t *stop;
	size_t own_stop;
	/* the parse being counted */
	long long base;		    /* ts_held when it began */
	unsigned long long granted; /* reserved from the pool: for the
				       parse, then for the tree it left */
	unsigned long long peak;    /* the most it held */
	int over;		    /* why the allocator stopped it */
	/* its largest parse since the pool's `epoch` */
	unsigned long long kept;
	unsigned epoch;
};

enum { OVER_NONE, OVER_LIMIT, OVER_NO_ROOM };

static int limited(const sunset_parser *self)
{
	return self->pool && self->pool->limit;
}

/* Set what the parser reserves (`granted`) and the largest parse it
 * made (`peak`), keeping the pool's sums; the pool's lock is held.
 * Returns non-zero when what is resident for the parsers passes the
 * limit: memory freed but kept by glibc (for the threads that freed
 * it) should go back to the system. */
static int set_share(sunset_parser *self, unsigned long long granted,
		     unsigned long long peak)
{
	sunset_parse_pool *pool = self->pool;
	unsigned long long before, after;

	if (self->epoch != pool->epoch) {
		self->epoch = pool->epoch;
		self->kept = 0;
	}
	before = self->kept > self->granted ? self->kept : self->granted;
	if (peak > self->kept)
		self->kept = peak;
	if (granted && !self->granted)
		pool->holders++;
	else if (!granted && self->granted)
		pool->holders--;
	pool->reserved = pool->reserved - self->granted + granted;
	self->granted = granted;
	after = self->kept > granted ? self->kept : granted;
	pool->resident = pool->resident - before + after;
	if (pool->resident <= pool->limit || pool->resident == pool->reserved)
		return 0;
	/* what was freed goes back now (hand_back()): no parser keeps any
	 * from then on, whoever asks next */
	pool->epoch++;
	pool->resident = pool->reserved;
	return 1;
}

/* Hand the memory freed back to the system (malloc_trim), when
 * set_share() says so: glibc keeps what a thread freed for that thread,
 * so several workers, each having parsed one large file, would keep
 * several times the limit. The next large parse faults it in again
 * (some 4 ms per MB): only when the limit is passed. */
static void hand_back(void)
{
	malloc_trim(0);
}

/* Reserve `want` bytes, waiting while the parses in flight hold too
 * much for it to fit; none in flight, it always fits (want <= limit).
 * Parses waiting to grow, then one waiting to run `alone`, go before
 * any new one. Returns 0, or SUNSET_EINTR (nothing reserved) when a
 * signal came. */
static int pool_acquire(sunset_parser *parser, unsigned long long want,
			int alone)
{
	sunset_parse_pool *self = parser->pool;
	int error = 0, trim = 0;

	pthread_mutex_lock(&self->lock);
	self->alone += alone;
	while (self->reserved && (self->reserved + want > self->limit ||
				  (!alone && (self->alone || self->growing)))) {
		if (sunset_interrupted()) {
			error = SUNSET_EINTR;
			break;
		}
		pool_wait(self);
	}
	self->alone -= alone;
	if (!error)
		trim = set_share(parser, want, 0);
	pthread_mutex_unlock(&self->lock);
	if (trim)
		hand_back();
	return error;
}

/* The parse on this thread holds `used` bytes, more than it reserved:
 * reserve more, waiting for room while another parse or tree can still
 * make some; or stop it: past the pool's limit the file needs more than
 * it may have; with every other holder waiting too, it runs again
 * alone. */
static void grow(sunset_parser *self, unsigned long long used)
{
	sunset_parse_pool *pool = self->pool;
	unsigned long long want = used + used / 2;
	int trim = 0;

	if (used > pool->limit) {
		self->over = OVER_LIMIT;
		__atomic_store_n(self->stop, 1, __ATOMIC_SEQ_CST);
		return;
	}
	if (want > pool->limit)
		want = pool->limit;
	pthread_mutex_lock(&pool->lock);
	for (;;) {
		unsigned long long others = pool->reserved - self->granted;
		if (others + used <= pool->limit) {
			if (others + want > pool->limit)
				want = used;
			trim = set_share(self, want, 0);
			break;
		}
		if (pool->holders - 1 <= pool->growing ||
		    sunset_interrupted()) {
			self->over = OVER_NO_ROOM;
			__atomic_store_n(self->stop, 1, __ATOMIC_SEQ_CST);
			break;
		}
		pool->growing++;
		pool_wait(pool);
		pool->growing--;
	}
	pthread_mutex_unlock(&pool->lock);
	if (trim)
		hand_back();
}

static void count(long long delta)
{
	sunset_parser *self = ts_counting;
	unsigned long long used;

	ts_held += delta;
	if (!self || delta <= 0)
		return;
	used = (unsigned long long)(ts_held - self->base);
	if (used > self->peak)
		self->peak = used;
	if (limited(self) && used > self->granted && !self->over)
		grow(self, used);
}

/* Give back all but `keep` of what the parser reserved (all, 0: it
 * holds none of the pool any more; a tree is never 0 bytes). */
static void give_back(sunset_parser *self, unsigned long long keep)
{
	sunset_parse_pool *pool = self->pool;
	int trim;

	pthread_mutex_lock(&pool->lock);
	trim = set_share(self, keep, self->peak);
	pthread_cond_broadcast(&pool->room);
	pthread_mutex_unlock(&pool->lock);
	if (trim)
		hand_back();
}

sunset_parser *sunset_parser_new(unsigned long timeout_ms,
				 sunset_parse_pool *pool)
{
	sunset_parser *self = sunset_calloc(1, sizeof(*self));
	self->timeout_ms = timeout_ms;
	self->pool = pool;
	self->stop = sunset_stop_word_claim();
	if (!self->stop)
		self->stop = &self->own_stop;
	return self;
}

void sunset_parser_release(sunset_parser *self)
{
	if (self->granted && limited(self))
		give_back(self, 0);
	self->granted = 0;
}

void sunset_parser_delete(sunset_parser *self)
{
	if (!self)
		return;
	sunset_parser_release(self);
	sunset_stop_word_release(self->stop);
	free(self);
}

unsigned long long sunset_parser_peak(const sunset_parser *self)
{
	return self->peak;
}

/* Deepest brace nesting: a string template ${ opens a brace too. */
static size_t brace_depth(const char *data, size_t len)
{
	size_t depth = 0, max = 0;

	for (size_t i = 0; i < len; i++) {
		if (data[i] == '{' && ++depth > max)
			max = depth;
		else if (data[i] == '}' && depth)
			depth--;
	}
	return max;
}

#define KOTLIN_BRACE_DEPTH_MAX 512

int sunset_parse(TSTree **out, sunset_parser *self, sunset_lang lang,
		 const char *data, size_t len)
{
	return sunset_parse_ranges(out, self, lang, data, len, NULL, 0);
}

/* One parse with `want` bytes reserved (when limited): a parser of its
 * own, counted from before it is made. Returns what sunset_parse()
 * does, or PARSE_NO_ROOM. */
#define PARSE_NO_ROOM 1

static int parse_once(TSTree **out, sunset_parser *self,
		      const TSLanguage *language, const char *data,
		      uint32_t len, const TSRange *ranges, uint32_t nranges,
		      unsigned long long want, int alone)
{
	TSParser *ts;
	int ok, wide = 0;

	if (limited(self)) {
		if (pool_acquire(self, want, alone) < 0)
			return SUNSET_EINTR;
	}
	/* 0 before the flag is read: a signal in between sets it again */
	__atomic_store_n(self->stop, 0, __ATOMIC_SEQ_CST);
	if (sunset_interrupted()) {
		sunset_parser_release(self);
		return SUNSET_EINTR;
	}
	self->over = OVER_NONE;
	self->peak = 0;
	self->base = ts_held;
	ts_counting = self;
	ts = ts_parser_new();
	/* none: the whole document */
	ok = ts_parser_set_language(ts, language) &&
	     ts_parser_set_included_ranges(ts, nranges ? ranges : NULL,
					   nranges);
	if (ok) {
		ts_parser_set_timeout_micros(ts,
					     (uint64_t)self->timeout_ms * 1000);
		ts_parser_set_cancellation_flag(ts, self->stop);
		*out = ts_parser_parse_string(ts, NULL, data, len);
	}
	ts_parser_delete(ts);
	ts_counting = NULL;
	/* over the limit at the last step: the parse had ended */
	if (*out && self->over == OVER_LIMIT) {
		ts_tree_delete(*out);
		*out = NULL;
	}
	/* a node tree-sitter could not hold (block_secret()) ends the
	 * root before the text does: everything after it is lost. (A
	 * syntax error may end it early too: YAML's, at an unterminated
	 * string. That tree is kept, as any with errors; the heap is safe
	 * either way.) */
	if (*out && !ts_node_has_error(ts_tree_root_node(*out)) &&
	    ts_node_end_byte(ts_tree_root_node(*out)) <
		    (nranges ? ranges[nranges - 1].end_byte : len)) {
		ts_tree_delete(*out);
		*out = NULL;
		wide = 1;
	}
	if (*out) {
		/* the tree keeps what it holds reserved until released */
		unsigned long long tree =
			(unsigned long long)(ts_held - self->base);
		if (limited(self) && tree < self->granted)
			give_back(self, tree);
		return 0;
	}
	sunset_parser_release(self);
	if (!ok)
		return SUNSET_ERR;
	if (wide)
		return SUNSET_ETOOWIDE;
	if (self->over == OVER_LIMIT)
		return SUNSET_EMEMORY;
	if (self->over == OVER_NO_ROOM)
		return PARSE_NO_ROOM;
	if (sunset_interrupted())
		return SUNSET_EINTR;
	return SUNSET_ERR;
}

int sunset_parse_ranges(TSTree **out, sunset_parser *self, sunset_lang lang,
			const char *data, size_t len, const TSRange *ranges,
			size_t nranges)
{
	const TSLanguage *language = sunset_grammar(lang);
	unsigned long long want = 0;
	size_t bytes = len;
	int rc;

	*out = NULL;
	sunset_parser_release(self);
	if (!language || len > UINT32_MAX || nranges > UINT32_MAX)
		return SUNSET_ERR;
	if (lang == SUNSET_LANG_KOTLIN &&
	    brace_depth(data, len) > KOTLIN_BRACE_DEPTH_MAX)
		return SUNSET_ETOODEEP;
	if (nranges) {
		bytes = 0;
		for (size_t i = 0; i < nranges; i++)
			bytes += ranges[i].end_byte - ranges[i].start_byte;
	}
	if (limited(self))
		want = guess(self->pool, bytes);
	rc = parse_once(out, self, language, data, (uint32_t)len, ranges,
			(uint32_t)nranges, want, 0);
	/* the parses in flight held what it needed: again, alone */
	if (rc == PARSE_NO_ROOM)
		rc = parse_once(out, self, language, data, (uint32_t)len,
				ranges, (uint32_t)nranges, self->pool->limit,
				1);
	return rc;
}

/* (UNEXPECTED c), as tree-sitter writes the character it could not read:
 * quoted when printable ASCII or an escape, else its code point. */
static void put_unexpected(sunset_buf *out, TSNode node, const char *src,
			   size_t len)
{
	size_t at = ts_node_start_byte(node);
	const unsigned char *p = (const unsigned char *)src + at;
	unsigned long c = at < len ? p[0] : 0;
	size_t n = at < len ? sunset_utf8_len(p, len - at) : 0;

	if (n > 1) {
		c = p[0] & (0xFF >> (n + 1));
		for (size_t i = 1; i < n; i++)
			c = c << 6 | (p[i] & 0x3F);
	}
	sunset_buf_puts(out, "(UNEXPECTED ");
	if (at >= len || n == 0)
		sunset_buf_puts(out, "INVALID");
	else if (c == '\0')
		sunset_buf_puts(out, "'\\0'");
	else if (c == '\n')
		sunset_buf_puts(out, "'\\n'");
	else if (c == '\t')
		sunset_buf_puts(out, "'\\t'");
	else if (c == '\r')
		sunset_buf_puts(out, "'\\r'");
	else if (c < 128 && c >= 0x20 && c != 0x7F)
		sunset_buf_printf(out, "'%c'", (int)c);
	else
		sunset_buf_printf(out, "%lu", c);
}

/* Open the cursor's node when ts_node_string() shows it (the root
 * always); 1 if it did. */
static int open_node(sunset_buf *out, const TSTreeCursor *cursor, int root,
		     const char *src, size_t len)
{
	TSNode node = ts_tree_cursor_current_node(cursor);
	const char *field = ts_tree_cursor_current_field_name(cursor);
	int missing = ts_node_is_missing(node);

	if (!root) {
		if (!missing && !ts_node_is_named(node))
			return 0;
		sunset_buf_puts(out, " ");
		if (field)
			sunset_buf_printf(out, "%s: ", field);
	}
	if (ts_node_symbol(node) == (TSSymbol)-1 &&
	    ts_node_child_count(node) == 0 &&
	    ts_node_end_byte(node) > ts_node_start_byte(node))
		put_unexpected(out, node, src, len);
	else if (missing && !ts_node_is_named(node))
		sunset_buf_printf(out, "(MISSING \"%s\"", ts_node_type(node));
	else
		sunset_buf_printf(out, "(%s%s", missing ? "MISSING " : "",
				  ts_node_type(node));
	return 1;
}

void sunset_tree_sexp(sunset_buf *out, TSNode node, const char *src, size_t len)
{
	TSTreeCursor cursor = ts_tree_cursor_new(node);
	/* one byte per level of the walk: whether its node was opened */
	sunset_buf opened = SUNSET_BUF_INIT;
	char o = (char)open_node(out, &cursor, 1, src, len);

	sunset_buf_put(&opened, &o, 1);
	for (;;) {
		if (ts_tree_cursor_goto_first_child(&cursor)) {
			o = (char)open_node(out, &cursor, 0, src, len);
			sunset_buf_put(&opened, &o, 1);
			continue;
		}
		for (;;) {
			if (opened.ptr[--opened.len])
				sunset_buf_puts(out, ")");
			if (ts_tree_cursor_goto_next_sibling(&cursor)) {
				o = (char)open_node(out, &cursor, 0, src, len);
				sunset_buf_put(&opened, &o, 1);
				break;
			}
			if (!ts_tree_cursor_goto_parent(&cursor))
				goto done;
		}
	}
done:
	ts_tree_cursor_delete(&cursor);
	sunset_buf_free(&opened);
}
