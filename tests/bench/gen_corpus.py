#!/usr/bin/env python3
"""gen_corpus.py - writes a deterministic synthetic corpus as a git repository.

    gen_corpus.py OUT_DIR --files N --vendor-share FRACTION --seed SEED

Everything is made up here from word lists and templates: service code in
Python, JavaScript, TypeScript, Go, Java, Kotlin, C#, Ruby, PHP and Rust,
plus JSON, YAML, TOML and .env configuration. File sizes follow a
log-normal spread from a few hundred bytes to tens of KB. A FRACTION of the
files also talk to an AI media vendor, the way fixtures/corpus does it: an
SDK import and call, raw HTTP to the vendor's host with a key from the
environment, a model id in code or configuration.

The same arguments give the same bytes and, with the fixed author and
dates of the commit, the same commit id. OUT_DIR is replaced. On success
the last line on standard output is a summary (files, bytes, vendor files).
"""

import argparse
import os
import random
import shutil
import subprocess
import sys

NOUNS = [
    "order", "invoice", "customer", "ledger", "cart", "shipment", "account",
    "report", "session", "payment", "refund", "warehouse", "supplier",
    "catalog", "product", "review", "coupon", "address", "profile",
    "schedule", "booking", "ticket", "tenant", "quota", "metric", "batch",
    "export", "import_job", "receipt", "discount", "price", "stock",
    "region", "currency", "audit", "event", "message", "channel", "member",
    "team", "project", "task", "comment", "attachment", "folder", "policy",
]
VERBS = [
    "load", "save", "build", "parse", "merge", "apply", "compute", "check",
    "render", "collect", "filter", "resolve", "update", "fetch", "sync",
    "prepare", "normalize", "format", "split", "group", "count", "archive",
    "refresh", "publish", "validate", "register", "estimate", "reconcile",
]
ADJS = [
    "pending", "active", "stale", "open", "closed", "daily", "weekly",
    "local", "remote", "primary", "shared", "default", "next", "last",
]
PHRASES = [
    "keeps the totals in minor units", "returns an empty list when nothing matches",
    "the caller owns the result", "runs inside the request transaction",
    "retries are the queue's job", "values come from the settings table",
    "rounding follows the ledger rules", "old rows are archived nightly",
    "safe to call twice", "used by the reporting jobs",
]

# ---- vendors: how the corpus apps talk to them -----------------------------

VENDORS = [
    {"id": "openai", "host": "api.openai.com", "path": "/v1/images/generations",
     "env": "OPENAI_API_KEY", "model": "gpt-image-1", "py_sdk": True},
    {"id": "elevenlabs", "host": "api.elevenlabs.io",
     "path": "/v1/text-to-speech/21m00Tcm4TlvDq8ikWAM",
     "env": "ELEVENLABS_API_KEY", "model": "eleven_multilingual_v2", "py_sdk": True},
    {"id": "stability", "host": "api.stability.ai",
     "path": "/v2beta/stable-image/generate/core",
     "env": "STABILITY_API_KEY", "model": "sd3.5-large", "py_sdk": False},
    {"id": "replicate", "host": "api.replicate.com", "path": "/v1/predictions",
     "env": "REPLICATE_API_TOKEN", "model": "black-forest-labs/flux-schnell",
     "py_sdk": True},
    {"id": "runway", "host": "api.dev.runwayml.com", "path": "/v1/image_to_video",
     "env": "RUNWAYML_API_SECRET", "model": "gen4_turbo", "py_sdk": True},
    {"id": "luma", "host": "api.lumalabs.ai",
     "path": "/dream-machine/v1/generations", "env": "LUMAAI_API_KEY",
     "model": "ray-2", "py_sdk": False},
]


class Names:
    """Random identifiers in each language's casing."""

    def __init__(self, r):
        self.r = r

    def words(self, n):
        return [self.r.choice(NOUNS if i else VERBS) for i in range(n)]

    def snake(self, n=2):
        return "_".join(self.words(n))

    def camel(self, n=2):
        w = "_".join(self.words(n)).split("_")
        return w[0] + "".join(x.capitalize() for x in w[1:])

    def pascal(self, n=2):
        w = "_".join(self.words(n)).split("_")
        return "".join(x.capitalize() for x in w)

    def noun(self):
        return self.r.choice(NOUNS).replace("_", "")

    def key(self):
        return self.r.choice(ADJS) + "_" + self.noun()

    def phrase(self):
        return self.r.choice(PHRASES)

    def num(self):
        return self.r.choice([2, 3, 7, 10, 12, 30, 60, 100, 250, 1000])


# ---- ordinary code, one unit (a function or a small class) at a time --------


def py_unit(n):
    f, a, b, it, v = n.snake(), n.noun(), n.key(), "item", n.snake(1) + "s"
    k1, k2, k3 = n.key(), n.key(), n.key()
    t = n.r.randrange(4)
    if t == 0:
        return f'''
def {f}({a}s, {b}=None):
    """{n.phrase().capitalize()}."""
    {v} = []
    for {it} in {a}s:
        if {it}.get("{k1}") is None:
            continue
        {v}.append({{"{k2}": {it}["{k1}"], "{k3}": {n.num()} * {it}.get("{k2}", 0)}})
    if {b}:
        {v} = [x for x in {v} if x["{k2}"] != {b}]
    logger.debug("{f}: %d rows", len({v}))
    return {v}
'''
    if t == 1:
        c = n.pascal()
        return f'''
class {c}:
    """{n.phrase().capitalize()}."""

    def __init__(self, store, limit={n.num()}):
        self.store = store
        self.limit = limit
        self._seen = {{}}

    def {n.snake()}(self, {a}_id):
        if {a}_id in self._seen:
            return self._seen[{a}_id]
        row = self.store.get("{k1}", {a}_id)
        if row is None:
            raise KeyError(f"no {a} {{{a}_id}}")
        self._seen[{a}_id] = row
        return row

    def {n.snake()}(self):
        return sorted(self._seen.values(), key=lambda r: r.get("{k2}", 0))[: self.limit]
'''
    if t == 2:
        return f'''
def {f}(rows, {b}="{n.key()}"):
    totals = defaultdict(int)
    for row in rows:
        totals[row[{b}]] += int(row.get("{k1}", 0))
    return {{k: v for k, v in totals.items() if v > {n.num()}}}
'''
    return f'''
async def {f}(db, {a}_id: int) -> dict:
    # {n.phrase()}
    record = await db.fetch_one("SELECT * FROM {a}s WHERE id = :id", {{"id": {a}_id}})
    if not record:
        return {{}}
    payload = dict(record)
    payload["{k1}"] = payload.get("{k1}") or "{n.key()}"
    return payload
'''


def py_header(n):
    return '"""{}."""\nimport logging\nfrom collections import defaultdict\n\nlogger = logging.getLogger(__name__)\n'.format(
        n.phrase().capitalize())


def py_vendor(n, v):
    f = n.snake()
    if v["py_sdk"] and n.r.random() < 0.5:
        if v["id"] == "openai":
            return ("from openai import OpenAI\n", f'''
def {f}(prompt):
    client = OpenAI()
    result = client.images.generate(model="{v["model"]}", prompt=prompt, size="1024x1024")
    return result.data[0].b64_json
''')
        if v["id"] == "elevenlabs":
            return ("from elevenlabs.client import ElevenLabs\n", f'''
def {f}(text):
    client = ElevenLabs(api_key=os.environ["{v["env"]}"])
    return client.text_to_speech.convert(voice_id="21m00Tcm4TlvDq8ikWAM", model_id="{v["model"]}", text=text)
''')
        if v["id"] == "replicate":
            return ("import replicate\n", f'''
def {f}(prompt):
    output = replicate.run("{v["model"]}", input={{"prompt": prompt}})
    return list(output)
''')
        return ("from runwayml import RunwayML\n", f'''
def {f}(image_url, prompt):
    client = RunwayML()
    task = client.image_to_video.create(model="{v["model"]}", prompt_image=image_url, prompt_text=prompt)
    return task.id
''')
    return ("import requests\n", f'''
{f.upper()}_URL = "https://{v["host"]}{v["path"]}"


def {f}(prompt):
    headers = {{"Authorization": "Bearer " + os.environ["{v["env"]}"]}}
    resp = requests.post({f.upper()}_URL, json={{"model": "{v["model"]}", "prompt": prompt}}, headers=headers, timeout=60)
    resp.raise_for_status()
    return resp.json()
''')


def js_unit(n, ts):
    f, a, k1, k2 = n.camel(), n.noun(), n.key(), n.key()
    typ = (lambda s: ": " + s) if ts else (lambda s: "")
    t = n.r.randrange(3)
    if t == 0:
        return f'''
export function {f}({a}s{typ("Array<Record<string, number>>")}, limit{typ("number")} = {n.num()}) {{
  // {n.phrase()}
  const out{typ("Record<string, number>[]")} = [];
  for (const item of {a}s) {{
    if (item.{k1} === undefined) continue;
    out.push({{ {k2}: item.{k1} * {n.num()}, {k1}: item.{k1} }});
  }}
  return out.slice(0, limit);
}}
'''
    if t == 1:
        c = n.pascal()
        return f'''
export class {c} {{
  {"private " if ts else ""}cache = new Map();

  constructor({"private readonly " if ts else ""}store{typ("Store")}) {{
    {"" if ts else "this.store = store;"}
  }}

  async {n.camel()}(id{typ("string")}) {{
    if (this.cache.has(id)) return this.cache.get(id);
    const row = await this.store.get("{a}s", id);
    if (!row) throw new Error(`no {a} ${{id}}`);
    this.cache.set(id, row);
    return row;
  }}
}}
'''
    return f'''
export const {f} = (rows{typ("any[]")}) =>
  rows
    .filter((r) => r.{k1} > {n.num()})
    .map((r) => ({{ ...r, {k2}: `${{r.{k1}}}-{a}` }}))
    .sort((x, y) => x.{k1} - y.{k1});
'''


def js_vendor(n, v, ts):
    f = n.camel()
    if v["id"] == "openai" and n.r.random() < 0.5:
        return ('import OpenAI from "openai";\n', f'''
export async function {f}(prompt{": string" if ts else ""}) {{
  const client = new OpenAI();
  const result = await client.images.generate({{ model: "{v["model"]}", prompt, size: "1024x1024" }});
  return result.data[0].b64_json;
}}
''')
    if v["id"] == "replicate" and n.r.random() < 0.5:
        return ('import Replicate from "replicate";\n', f'''
export async function {f}(prompt{": string" if ts else ""}) {{
  const replicate = new Replicate({{ auth: process.env.{v["env"]} }});
  return replicate.run("{v["model"]}", {{ input: {{ prompt }} }});
}}
''')
    return ("", f'''
export async function {f}(prompt{": string" if ts else ""}) {{
  const res = await fetch("https://{v["host"]}{v["path"]}", {{
    method: "POST",
    headers: {{ Authorization: `Bearer ${{process.env.{v["env"]}}}`, "Content-Type": "application/json" }},
    body: JSON.stringify({{ model: "{v["model"]}", prompt }}),
  }});
  if (!res.ok) throw new Error(`vendor error ${{res.status}}`);
  return res.json();
}}
''')


def js_header(n, ts):
    if ts:
        return 'import type {{ Store }} from "../store";\n\n// {}\n'.format(n.phrase())
    return '"use strict";\n\n// {}\n'.format(n.phrase())


def go_unit(n):
    f, a, k1 = n.pascal(), n.noun(), n.pascal(1)
    t = n.r.randrange(3)
    if t == 0:
        return f'''
// {f} {n.phrase()}.
func {f}(items []{a.capitalize()}Row, limit int) ([]{a.capitalize()}Row, error) {{
	out := make([]{a.capitalize()}Row, 0, len(items))
	for _, it := range items {{
		if it.{k1} <= {n.num()} {{
			continue
		}}
		out = append(out, it)
		if len(out) >= limit {{
			break
		}}
	}}
	if len(out) == 0 {{
		return nil, fmt.Errorf("{a}: nothing above {n.num()}")
	}}
	return out, nil
}}
'''
    if t == 1:
        return f'''
type {f} struct {{
	Store  Store
	Limit  int
	seen   map[string]int
}}

func (s *{f}) {n.pascal()}(ctx context.Context, id string) (int, error) {{
	if v, ok := s.seen[id]; ok {{
		return v, nil
	}}
	v, err := s.Store.Count(ctx, "{a}s", id)
	if err != nil {{
		return 0, fmt.Errorf("count {a} %s: %w", id, err)
	}}
	s.seen[id] = v
	return v, nil
}}
'''
    return f'''
func {n.camel()}(names []string) string {{
	parts := make([]string, 0, len(names))
	for _, n := range names {{
		parts = append(parts, strings.ToLower(strings.TrimSpace(n)))
	}}
	return strings.Join(parts, "{n.r.choice([",", ";", "/"])}")
}}
'''


def go_header(n, pkg):
    return f'package {pkg}\n\nimport (\n\t"context"\n\t"fmt"\n\t"strings"\n)\n'


def go_vendor(n, v):
    f = n.pascal()
    if v["id"] == "openai" and n.r.random() < 0.5:
        return ('import (\n\t"github.com/openai/openai-go/v3"\n\t"github.com/openai/openai-go/v3/option"\n)\n', f'''
func {f}(ctx context.Context, prompt string) (string, error) {{
	client := openai.NewClient(option.WithAPIKey(os.Getenv("{v["env"]}")))
	resp, err := client.Images.Generate(ctx, openai.ImageGenerateParams{{
		Model:  openai.ImageModel("{v["model"]}"),
		Prompt: prompt,
	}})
	if err != nil {{
		return "", err
	}}
	return resp.Data[0].B64JSON, nil
}}
''')
    return ('import (\n\t"bytes"\n\t"net/http"\n\t"os"\n)\n', f'''
const {n.camel()}URL = "https://{v["host"]}{v["path"]}"

func {f}(ctx context.Context, body []byte) (*http.Response, error) {{
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "https://{v["host"]}{v["path"]}", bytes.NewReader(body))
	if err != nil {{
		return nil, err
	}}
	req.Header.Set("Authorization", "Bearer "+os.Getenv("{v["env"]}"))
	return http.DefaultClient.Do(req)
}}
''')


def java_unit(n, kotlin):
    f, a, k1 = n.camel(), n.noun(), n.camel(1)
    if kotlin:
        t = n.r.randrange(2)
        if t == 0:
            return f'''
    fun {f}(rows: List<Map<String, Int>>, limit: Int = {n.num()}): List<Int> {{
        // {n.phrase()}
        return rows
            .mapNotNull {{ it["{k1}"] }}
            .filter {{ it > {n.num()} }}
            .take(limit)
    }}
'''
        return f'''
    suspend fun {f}(id: String): {a.capitalize()}? {{
        val cached = cache[id]
        if (cached != null) return cached
        val row = repository.find{a.capitalize()}(id) ?: return null
        cache[id] = row
        log.info("loaded {a} {{}}", id)
        return row
    }}
'''
    t = n.r.randrange(2)
    if t == 0:
        return f'''
    /** {n.phrase().capitalize()}. */
    public List<{a.capitalize()}> {f}(List<{a.capitalize()}> items, int limit) {{
        List<{a.capitalize()}> out = new ArrayList<>();
        for ({a.capitalize()} item : items) {{
            if (item.get{k1.capitalize()}() < {n.num()}) {{
                continue;
            }}
            out.add(item);
            if (out.size() >= limit) {{
                break;
            }}
        }}
        return out;
    }}
'''
    return f'''
    public Map<String, Integer> {f}(List<{a.capitalize()}> items) {{
        Map<String, Integer> totals = new HashMap<>();
        for ({a.capitalize()} item : items) {{
            totals.merge(item.get{k1.capitalize()}Key(), item.getAmount(), Integer::sum);
        }}
        LOG.debug("{f}: {{}} keys", totals.size());
        return totals;
    }}
'''


def java_vendor(n, v, kotlin):
    f = n.camel()
    url = f'https://{v["host"]}{v["path"]}'
    if kotlin:
        return ("import okhttp3.OkHttpClient\nimport okhttp3.Request\n", f'''
    fun {f}(json: String): String? {{
        val request = Request.Builder()
            .url("{url}")
            .header("Authorization", "Bearer " + System.getenv("{v["env"]}"))
            .post(json.toRequestBody())
            .build()
        return OkHttpClient().newCall(request).execute().body?.string()
    }}
''')
    return ("import java.net.URI;\nimport java.net.http.HttpClient;\nimport java.net.http.HttpRequest;\nimport java.net.http.HttpResponse;\n", f'''
    public String {f}(String json) throws Exception {{
        HttpRequest request = HttpRequest.newBuilder(URI.create("{url}"))
            .header("Authorization", "Bearer " + System.getenv("{v["env"]}"))
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
    }}
''')


def cs_unit(n):
    f, a, k1 = n.pascal(), n.noun(), n.pascal(1)
    t = n.r.randrange(2)
    if t == 0:
        return f'''
        /// <summary>{n.phrase().capitalize()}.</summary>
        public IReadOnlyList<{a.capitalize()}> {f}(IEnumerable<{a.capitalize()}> items, int limit = {n.num()})
        {{
            var output = new List<{a.capitalize()}>();
            foreach (var item in items)
            {{
                if (item.{k1} < {n.num()})
                {{
                    continue;
                }}
                output.Add(item);
            }}
            return output.Take(limit).ToList();
        }}
'''
    return f'''
        public async Task<{a.capitalize()}?> {f}Async(string id, CancellationToken ct)
        {{
            if (_cache.TryGetValue(id, out var hit))
            {{
                return hit;
            }}
            var row = await _db.{a.capitalize()}s.FindAsync(new object[] {{ id }}, ct);
            _logger.LogInformation("loaded {a} {{Id}}", id);
            return row;
        }}
'''


def cs_vendor(n, v):
    f = n.pascal()
    return ("using System.Net.Http;\nusing System.Net.Http.Headers;\n", f'''
        public async Task<string> {f}Async(string json, CancellationToken ct)
        {{
            using var http = new HttpClient();
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("{v["env"]}"));
            var response = await http.PostAsync("https://{v["host"]}{v["path"]}", new StringContent(json), ct);
            return await response.Content.ReadAsStringAsync(ct);
        }}
''')


def rb_unit(n):
    f, a, k1 = n.snake(), n.noun(), n.key()
    t = n.r.randrange(2)
    if t == 0:
        return f'''
    # {n.phrase().capitalize()}.
    def {f}({a}s, limit: {n.num()})
      {a}s
        .reject {{ |row| row[:{k1}].nil? }}
        .map {{ |row| row.merge(total: row[:{k1}] * {n.num()}) }}
        .first(limit)
    end
'''
    return f'''
    def {f}(id)
      @cache ||= {{}}
      return @cache[id] if @cache.key?(id)

      row = {a.capitalize()}.find_by(id: id)
      raise ArgumentError, "no {a} #{{id}}" unless row

      @cache[id] = row
    end
'''


def rb_vendor(n, v):
    f = n.snake()
    return ('require "net/http"\nrequire "json"\n', f'''
    def {f}(prompt)
      uri = URI("https://{v["host"]}{v["path"]}")
      request = Net::HTTP::Post.new(uri, "Authorization" => "Bearer #{{ENV["{v["env"]}"]}}")
      request.body = {{ model: "{v["model"]}", prompt: prompt }}.to_json
      Net::HTTP.start(uri.host, uri.port, use_ssl: true) {{ |http| http.request(request) }}
    end
''')


def php_unit(n):
    f, a, k1 = n.camel(), n.noun(), n.key()
    t = n.r.randrange(2)
    if t == 0:
        return f'''
    /** {n.phrase().capitalize()}. */
    public function {f}(array ${a}s, int $limit = {n.num()}): array
    {{
        $out = [];
        foreach (${a}s as $row) {{
            if (!isset($row['{k1}'])) {{
                continue;
            }}
            $out[] = ['{k1}' => $row['{k1}'], 'total' => $row['{k1}'] * {n.num()}];
        }}
        return array_slice($out, 0, $limit);
    }}
'''
    return f'''
    public function {f}(string $id): ?array
    {{
        if (array_key_exists($id, $this->cache)) {{
            return $this->cache[$id];
        }}
        $row = $this->db->table('{a}s')->where('id', $id)->first();
        $this->cache[$id] = $row;
        return $row;
    }}
'''


def php_vendor(n, v):
    f = n.camel()
    return ("use Illuminate\\Support\\Facades\\Http;\n", f'''
    public function {f}(string $prompt): array
    {{
        return Http::withToken(env('{v["env"]}'))
            ->post('https://{v["host"]}{v["path"]}', ['model' => '{v["model"]}', 'prompt' => $prompt])
            ->json();
    }}
''')


def rs_unit(n):
    f, a, k1 = n.snake(), n.noun(), n.snake(1)
    t = n.r.randrange(2)
    if t == 0:
        return f'''
/// {n.phrase().capitalize()}.
pub fn {f}(rows: &[{a.capitalize()}], limit: usize) -> Vec<&{a.capitalize()}> {{
    rows.iter()
        .filter(|r| r.{k1} > {n.num()})
        .take(limit)
        .collect()
}}
'''
    return f'''
pub fn {f}(names: &[String]) -> HashMap<String, usize> {{
    let mut counts = HashMap::new();
    for name in names {{
        *counts.entry(name.trim().to_lowercase()).or_insert(0) += 1;
    }}
    counts.retain(|_, n| *n > {n.r.choice([1, 2, 3])});
    counts
}}
'''


def rs_vendor(n, v):
    f = n.snake()
    return ("use reqwest::Client;\nuse std::env;\n", f'''
pub async fn {f}(client: &Client, prompt: &str) -> reqwest::Result<String> {{
    let key = env::var("{v["env"]}").unwrap_or_default();
    client
        .post("https://{v["host"]}{v["path"]}")
        .bearer_auth(key)
        .json(&serde_json::json!({{ "model": "{v["model"]}", "prompt": prompt }}))
        .send()
        .await?
        .text()
        .await
}}
''')


# ---- whole files -------------------------------------------------------------


def fill(n, target, unit):
    parts, size = [], 0
    while size < target:
        u = unit()
        parts.append(u)
        size += len(u)
    return parts


def insert_at(n, parts, extra):
    parts.insert(n.r.randrange(len(parts) + 1), extra)
    return parts


def code_file(n, lang, target, vendor):
    """Returns the file's text."""
    if lang == "py":
        body = fill(n, target, lambda: py_unit(n))
        head = py_header(n)
        if vendor:
            imp, unit = py_vendor(n, vendor)
            head += "import os\n" + imp
            insert_at(n, body, unit)
        return head + "".join(body)
    if lang in ("js", "ts"):
        ts = lang == "ts"
        body = fill(n, target, lambda: js_unit(n, ts))
        head = js_header(n, ts)
        if vendor:
            imp, unit = js_vendor(n, vendor, ts)
            head = imp + head
            insert_at(n, body, unit)
        return head + "".join(body)
    if lang == "go":
        body = fill(n, target, lambda: go_unit(n))
        head = go_header(n, n.noun())
        if vendor:
            imp, unit = go_vendor(n, vendor)
            head += "\n" + imp
            insert_at(n, body, unit)
        return head + "".join(body)
    if lang in ("java", "kt"):
        kt = lang == "kt"
        cls = n.pascal()
        body = fill(n, target, lambda: java_unit(n, kt))
        imps = "" if kt else "import java.util.ArrayList;\nimport java.util.HashMap;\nimport java.util.List;\nimport java.util.Map;\n"
        if vendor:
            imp, unit = java_vendor(n, vendor, kt)
            imps += imp
            insert_at(n, body, unit)
        pkg = f"package com.example.{n.noun()}{'' if kt else ';'}\n\n"
        if kt:
            return pkg + imps + f"\nclass {cls}(private val repository: Repository) {{\n    private val cache = mutableMapOf<String, Any>()\n" + "".join(body) + "}\n"
        return pkg + imps + f"\npublic class {cls} {{\n    private static final Logger LOG = LoggerFactory.getLogger({cls}.class);\n" + "".join(body) + "}\n"
    if lang == "cs":
        cls = n.pascal()
        body = fill(n, target, lambda: cs_unit(n))
        imps = "using System;\nusing System.Collections.Generic;\nusing System.Linq;\nusing System.Threading;\nusing System.Threading.Tasks;\n"
        if vendor:
            imp, unit = cs_vendor(n, vendor)
            imps += imp
            insert_at(n, body, unit)
        return imps + f"\nnamespace Example.{n.pascal(1)}\n{{\n    public sealed class {cls}\n    {{\n" + "".join(body) + "    }\n}\n"
    if lang == "rb":
        body = fill(n, target, lambda: rb_unit(n))
        imps = ""
        if vendor:
            imp, unit = rb_vendor(n, vendor)
            imps = imp + "\n"
            insert_at(n, body, unit)
        return imps + f"module {n.pascal(1)}\n  class {n.pascal()}\n" + "".join(body) + "  end\nend\n"
    if lang == "php":
        body = fill(n, target, lambda: php_unit(n))
        imps = ""
        if vendor:
            imp, unit = php_vendor(n, vendor)
            imps = imp
            insert_at(n, body, unit)
        return f"<?php\n\nnamespace App\\{n.pascal(1)};\n\n" + imps + f"\nclass {n.pascal()}\n{{\n    private array $cache = [];\n" + "".join(body) + "}\n"
    if lang == "rs":
        body = fill(n, target, lambda: rs_unit(n))
        head = "use std::collections::HashMap;\n"
        if vendor:
            imp, unit = rs_vendor(n, vendor)
            head += imp
            insert_at(n, body, unit)
        return head + "".join(body)
    raise ValueError(lang)


def config_file(n, lang, target, vendor):
    r = n.r
    if lang == "json":
        entries = []
        while sum(len(e) for e in entries) < target:
            entries.append(f'    "{n.key()}": {{ "enabled": {r.choice(["true", "false"])}, "limit": {n.num()}, "label": "{n.phrase()}" }}')
        if vendor:
            entries.insert(r.randrange(len(entries) + 1),
                           f'    "{vendor["id"]}": {{ "baseUrl": "https://{vendor["host"]}", "model": "{vendor["model"]}" }}')
        return "{\n" + ",\n".join(entries) + "\n}\n"
    if lang == "yaml":
        out = [f"# {n.phrase()}\nservice: {n.noun()}\n"]
        while sum(len(e) for e in out) < target:
            out.append(f"{n.key()}:\n  enabled: {r.choice(['true', 'false'])}\n  limit: {n.num()}\n  label: \"{n.phrase()}\"\n")
        if vendor:
            out.insert(r.randrange(1, len(out) + 1),
                       f"env:\n  - name: {vendor['env']}\n    valueFrom:\n      secretKeyRef:\n        name: media\n        key: api-key\nmedia_model: {vendor['model']}\n")
        return "".join(out)
    if lang == "toml":
        out = [f"# {n.phrase()}\n"]
        while sum(len(e) for e in out) < target:
            out.append(f"\n[{n.key()}]\nenabled = {r.choice(['true', 'false'])}\nlimit = {n.num()}\nlabel = \"{n.phrase()}\"\n")
        if vendor:
            out.append(f"\n[media]\nbase_url = \"https://{vendor['host']}\"\nmodel = \"{vendor['model']}\"\n")
        return "".join(out)
    if lang == "env":
        out = [f"# {n.phrase()}\n"]
        for _ in range(r.randrange(4, 14)):
            out.append(f"{n.key().upper()}={n.num()}\n")
        if vendor:
            out.append(f"{vendor['env']}=\n")
        return "".join(out)
    raise ValueError(lang)


# language, extension, weight
KINDS = [
    ("py", "py", 17), ("js", "js", 9), ("ts", "ts", 13), ("go", "go", 10),
    ("java", "java", 9), ("kt", "kt", 5), ("cs", "cs", 8), ("rb", "rb", 6),
    ("php", "php", 6), ("rs", "rs", 5), ("json", "json", 5), ("yaml", "yaml", 4),
    ("toml", "toml", 2), ("env", "env", 1),
]


def file_size(r):
    # log-normal around 3 KB: a few hundred bytes to tens of KB
    return int(min(60000, max(300, r.lognormvariate(8.0, 1.0))))


def generate(out, files, share, seed):
    r = random.Random(seed)
    n = Names(r)
    weights = [w for _, _, w in KINDS]
    services = [n.noun() + "-" + r.choice(["api", "worker", "service", "jobs", "web"])
                for _ in range(max(4, files // 100))]
    used, total, vendor_files = set(), 0, 0
    for i in range(files):
        lang, ext, _ = r.choices(KINDS, weights)[0]
        target = file_size(r)
        vendor = r.choice(VENDORS) if r.random() < share else None
        svc = r.choice(services)
        depth = r.randrange(1, 4)
        d = os.path.join(svc, *[n.noun() for _ in range(depth)])
        if lang == "env":
            name = ".env.example"
        else:
            stem = n.snake(2) if lang in ("py", "rb", "rs", "go") else n.camel(2)
            if lang in ("java", "kt", "cs", "php"):
                stem = n.pascal(2)
            name = f"{stem}.{ext}"
        rel = os.path.join(d, name)
        k = 2
        while rel in used:
            rel = os.path.join(d, name.replace(".", f"{k}.", 1) if lang != "env" else f".env.{k}")
            k += 1
        used.add(rel)
        if lang in ("json", "yaml", "toml", "env"):
            text = config_file(n, lang, target, vendor)
        else:
            text = code_file(n, lang, target, vendor)
        path = os.path.join(out, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        total += len(text)
        vendor_files += vendor is not None
    return total, vendor_files


def git(out, *args):
    env = dict(os.environ)
    env.update({
        "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.invalid",
        "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.invalid",
        "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z", "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z",
        "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull,
    })
    subprocess.run(["git", "-C", out, *args], check=True, env=env)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out")
    p.add_argument("--files", type=int, required=True)
    p.add_argument("--vendor-share", type=float, required=True)
    p.add_argument("--seed", type=int, default=7)
    a = p.parse_args()
    if os.path.exists(a.out):
        shutil.rmtree(a.out)
    os.makedirs(a.out)
    total, vf = generate(a.out, a.files, a.vendor_share, a.seed)
    git(a.out, "init", "-q", "-b", "main")
    git(a.out, "add", "-A")
    git(a.out, "commit", "-q", "-m", "synthetic corpus")
    print(f"{a.out}: {a.files} files, {total} bytes, {vf} with vendor calls")
    return 0


if __name__ == "__main__":
    sys.exit(main())
