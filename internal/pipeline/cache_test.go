package pipeline

import (
	"bytes"
	"encoding/gob"
	"os"
	"path/filepath"
	"testing"
)

// TestDamagedCache damages the on-disk cache in each way a disk, an
// interrupted copy or another gongkai can, after a record changed, and
// checks that the next build says what became of the cache, writes the
// bytes of a clean build, and leaves a cache the build after uses.
func TestDamagedCache(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the example catalogue about 30 times; skipped with -short")
	}
	// reencode rewrites the cache file's envelope and payloads through
	// change; the checksums are not made again.
	reencode := func(change func(env *envelope, core, rest []byte)) func(t *testing.T, file, out string) {
		return func(t *testing.T, file, out string) {
			env, core, rest := splitCache(t, file)
			change(&env, core, rest)
			rewriteCache(t, file, env, core, rest)
		}
	}
	rewrite := func(change func([]byte) []byte) func(t *testing.T, file, out string) {
		return func(t *testing.T, file, out string) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			writeFile(t, file, string(change(data)))
		}
	}
	for _, c := range []struct {
		name   string
		damage func(t *testing.T, file, out string)
		want   CacheState
	}{
		{"truncated", rewrite(func(b []byte) []byte { return b[:len(b)/2] }), CacheDamaged},
		{"empty", rewrite(func([]byte) []byte { return nil }), CacheDamaged},
		{"garbage", rewrite(func(b []byte) []byte { return bytes.Repeat([]byte{0x9c, 0x01, 0xff}, len(b)/3) }), CacheDamaged},
		{"checksums flipped", rewrite(func(b []byte) []byte {
			for i := len(b) - 64; i < len(b)-32; i++ {
				b[i] ^= 0x5a
			}
			return b
		}), CacheDamaged},
		{"core changed, checksum kept", reencode(func(_ *envelope, core, _ []byte) { core[len(core)/2] ^= 1 }), CacheDamaged},
		{"rest changed, checksum kept", reencode(func(_ *envelope, _, rest []byte) { rest[len(rest)/2] ^= 1 }), CacheDamaged},
		{"core length wrong", reencode(func(e *envelope, _, _ []byte) { e.CoreLen++ }), CacheDamaged},
		{"an older format", reencode(func(e *envelope, _, _ []byte) { e.Format = 1 }), CacheOtherVersion},
		{"another gongkai", reencode(func(e *envelope, _, _ []byte) { e.Binary[0] ^= 1 }), CacheOtherVersion},
		{"cache file missing", func(t *testing.T, file, out string) {
			if err := os.Remove(file); err != nil {
				t.Fatal(err)
			}
		}, CacheNone},
		{"output files missing", func(t *testing.T, file, out string) {
			for _, name := range []string{"index.html", "sitemap.xml", "policy"} {
				if err := os.RemoveAll(filepath.Join(out, name)); err != nil {
					t.Fatal(err)
				}
			}
		}, CacheUsed},
	} {
		t.Run(c.name, func(t *testing.T) {
			site := exampleSite(t)
			dir := t.TempDir()
			opts := Options{Source: site, Out: filepath.Join(dir, "out"), Cache: filepath.Join(dir, "cache")}
			if res := mustBuild(t, opts); res.Cache != CacheNone {
				t.Fatalf("first build: cache state %d, want none", res.Cache)
			}
			recs := recordFiles(t, site)
			appendFile(t, recs[len(recs)/2], "\n缓存损坏后改动的一段正文。\n")
			c.damage(t, cachePath(opts.Cache, opts.Out), opts.Out)

			res := mustBuild(t, opts)
			if res.Cache != c.want {
				t.Errorf("cache state %d, want %d", res.Cache, c.want)
			}
			clean := Options{Source: site, Out: filepath.Join(dir, "clean")}
			mustBuild(t, clean)
			sameTree(t, tree(t, opts.Out), tree(t, clean.Out))

			// The build left a good cache: the next, with nothing changed,
			// uses it and changes nothing.
			res = mustBuild(t, opts)
			if res.Cache != CacheUsed || res.Changed != 0 {
				t.Errorf("the build after: cache state %d, %d files changed; want it used, none changed", res.Cache, res.Changed)
			}
			sameTree(t, tree(t, opts.Out), tree(t, clean.Out))
		})
	}
}

// TestDamagedCacheRest damages the part of the cache file that only a
// build with something to do reads (the memo and the records): a build with
// nothing to do keeps the output as it is, and the next build that has
// something to do says the cache was damaged and writes the bytes of a
// clean build.
func TestDamagedCacheRest(t *testing.T) {
	site := exampleSite(t)
	dir := t.TempDir()
	opts := Options{Source: site, Out: filepath.Join(dir, "out"), Cache: filepath.Join(dir, "cache")}
	mustBuild(t, opts)
	file := cachePath(opts.Cache, opts.Out)
	env, core, rest := splitCache(t, file)
	for i := range rest {
		rest[i] ^= 0x5a
	}
	rewriteCache(t, file, env, core, rest)

	if res := mustBuild(t, opts); res.Cache != CacheUsed || res.Changed != 0 {
		t.Errorf("nothing changed: cache state %d, %d files changed; want it used, none changed", res.Cache, res.Changed)
	}
	recs := recordFiles(t, site)
	appendFile(t, recs[0], "\n缓存损坏后改动的一段正文。\n")
	if res := mustBuild(t, opts); res.Cache != CacheDamaged {
		t.Errorf("a record changed: cache state %d, want damaged", res.Cache)
	}
	clean := Options{Source: site, Out: filepath.Join(dir, "clean")}
	mustBuild(t, clean)
	sameTree(t, tree(t, opts.Out), tree(t, clean.Out))
}

// splitCache reads the cache file into its envelope and payloads.
func splitCache(t *testing.T, file string) (env envelope, core, rest []byte) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	env, coreAt, err := readHeader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	restAt := coreAt + env.CoreLen
	return env, data[coreAt:restAt], data[restAt : len(data)-trailerSize]
}

// rewriteCache writes the cache file of env and the payloads, with env's
// checksums as they are.
func rewriteCache(t *testing.T, file string, env envelope, core, rest []byte) {
	t.Helper()
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(&env.header); err != nil {
		t.Fatal(err)
	}
	buf.Write(core)
	buf.Write(rest)
	buf.Write(env.trailer())
	writeFile(t, file, buf.String())
}
