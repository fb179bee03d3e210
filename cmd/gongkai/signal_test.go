package main

import (
	"bufio"
	"bytes"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// bigXLSX writes a workbook of n rows, large enough that reading it takes
// a while and, unlimited, spills to temporary files.
func bigXLSX(t *testing.T, name string, n int) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	sw.SetRow("A1", []any{"索引号", "标题", "发布日期", "正文"})
	body := strings.Repeat("正文", 20)
	for i := 2; i <= n; i++ {
		cell, _ := excelize.CoordinatesToCellName(1, i)
		sw.SetRow(cell, []any{"11000000MB0000000T/2025-00001", "标题", "2025-01-02", body})
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(name); err != nil {
		t.Fatal(err)
	}
}

// SIGINT and SIGTERM stop an import in the middle of reading a large
// XLSX file within a second, leaving no temporary file behind.
func TestImportStopsOnSignal(t *testing.T) {
	exe := gongkaiBinary(t)
	src := fixture(t)
	name := filepath.Join(t.TempDir(), "big.xlsx")
	bigXLSX(t, name, 150_000)
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			tmp := t.TempDir()
			cmd := exec.Command(exe, "import", "--source", src, "--kind", "notice", name)
			cmd.Env = append(os.Environ(), "TMPDIR="+tmp)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			time.Sleep(500 * time.Millisecond)
			cmd.Process.Signal(sig)
			sent := time.Now()
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case err := <-done:
				t.Logf("exited %v after the signal: %v", time.Since(sent), err)
				if cmd.ProcessState.Success() {
					t.Errorf("import ended with status 0 (the read finished before the signal?)")
				}
				if !strings.Contains(stderr.String(), "context canceled") {
					t.Errorf("stderr: %s", stderr.String())
				}
			case <-time.After(5 * time.Second):
				cmd.Process.Kill()
				<-done
				t.Errorf("still reading 5 s after %v", sig)
			}
			if left, _ := filepath.Glob(filepath.Join(tmp, "*")); len(left) > 0 {
				t.Errorf("left in TMPDIR: %v", left)
			}
		})
	}
}

// serve answers only requests naming the loopback or its own address, and
// removes its private folder on SIGINT and on SIGTERM alike.
func TestServeHostsAndSignals(t *testing.T) {
	exe := gongkaiBinary(t)
	src := fixture(t)
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			tmp := t.TempDir()
			cmd := exec.Command(exe, "serve", "--source", src, "--port", "0")
			cmd.Env = append(os.Environ(), "TMPDIR="+tmp)
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer cmd.Process.Kill()
			addr := make(chan string, 1)
			go func() {
				sc := bufio.NewScanner(out)
				for sc.Scan() {
					// "serving http://ADDR/ …", or in the site's language.
					if _, a, ok := strings.Cut(sc.Text(), "http://"); ok {
						a, _, _ = strings.Cut(a, "/")
						addr <- a
					}
				}
			}()
			var base string
			select {
			case a := <-addr:
				base = "http://" + strings.TrimSuffix(a, "/")
			case <-time.After(30 * time.Second):
				t.Fatal("serve did not start")
			}
			if dirs, _ := filepath.Glob(filepath.Join(tmp, "gongkai-serve-*")); len(dirs) != 1 {
				t.Fatalf("private folders in TMPDIR: %v", dirs)
			}
			_, port, _ := net.SplitHostPort(strings.TrimPrefix(base, "http://"))
			for host, want := range map[string]int{
				"":                          http.StatusOK, // the address itself
				"localhost:" + port:         http.StatusOK,
				"preview.localhost:" + port: http.StatusOK,
				"[::1]:" + port:             http.StatusOK,
				"evil.example:" + port:      http.StatusMisdirectedRequest,
				"127.0.0.1.nip.io:" + port:  http.StatusMisdirectedRequest,
				"localhost.evil.example":    http.StatusMisdirectedRequest,
			} {
				req, _ := http.NewRequest("GET", base+"/", nil)
				if host != "" {
					req.Host = host
				}
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode != want {
					t.Errorf("Host %q: %d, want %d", host, resp.StatusCode, want)
				}
			}
			cmd.Process.Signal(sig)
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("serve ended with %v after %v", err, sig)
				}
			case <-time.After(10 * time.Second):
				t.Fatalf("serve still running 10 s after %v", sig)
			}
			if left, _ := filepath.Glob(filepath.Join(tmp, "*")); len(left) > 0 {
				t.Errorf("left in TMPDIR after %v: %v", sig, left)
			}
		})
	}
}
