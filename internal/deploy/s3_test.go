package deploy

import (
	"context"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/gongkai/gongkai/internal/cdn"
)

const (
	testAccess = "gongkaitestaccess"
	testSecret = "gongkaitestsecret0123456789"
	testBucket = "portal"
	testPrefix = "site"
)

// versitygw finds the S3 gateway the tests run against: $GONGKAI_VERSITYGW,
// .ci/bin/versitygw (where .ci/run installs it), or versitygw on PATH.
func versitygw(t *testing.T) string {
	t.Helper()
	for _, p := range []string{os.Getenv("GONGKAI_VERSITYGW"), "../../.ci/bin/versitygw"} {
		if p == "" {
			continue
		}
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			abs, _ := filepath.Abs(p)
			return abs
		}
	}
	if p, err := exec.LookPath("versitygw"); err == nil {
		return p
	}
	msg := "versitygw is missing (.ci/run installs it into .ci/bin)"
	if os.Getenv("CI") != "" {
		t.Fatal(msg + "; in CI that is a failure of .ci/run")
	}
	t.Skip(msg)
	return ""
}

// startGateway starts versitygw on 127.0.0.1 over a temporary folder with
// the test credentials, and returns its endpoint.
func startGateway(t *testing.T) string {
	t.Helper()
	exe := versitygw(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	root, meta := t.TempDir(), t.TempDir()
	if err := os.Mkdir(filepath.Join(root, testBucket), 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "--port", addr, "--access", testAccess, "--secret", testSecret, "--quiet",
		"posix", "--sidecar", meta, root)
	var logBuf strings.Builder
	cmd.Stdout, cmd.Stderr = &logBuf, &logBuf
	cmd.Env = append(os.Environ(), "VGW_LOG_LEVEL=silent")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		if t.Failed() {
			t.Logf("versitygw said:\n%s", logBuf.String())
		}
	})
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("versitygw did not listen on %s: %s", addr, logBuf.String())
		}
	}
	return "http://" + addr
}

// useCredentials sets the standard AWS variables for the test, and keeps
// the SDK from reading the machine's files or metadata service.
func useCredentials(t *testing.T, access, secret string) {
	t.Setenv("AWS_ACCESS_KEY_ID", access)
	t.Setenv("AWS_SECRET_ACCESS_KEY", secret)
	t.Setenv("AWS_SESSION_TOKEN", "")
	t.Setenv("AWS_PROFILE", "")
	none := filepath.Join(t.TempDir(), "none")
	t.Setenv("AWS_CONFIG_FILE", none)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", none)
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Setenv("AWS_REGION", "")
	t.Setenv("AWS_ENDPOINT_URL", "")
}

func newS3(t *testing.T, endpoint, prefix string) *S3 {
	t.Helper()
	s, err := NewS3(context.Background(), "s3://"+testBucket+"/"+prefix, S3Options{Endpoint: endpoint, Region: "us-east-1", PathStyle: true})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// dumpBucket reads every object of the bucket with its headers, by full key.
func dumpBucket(t *testing.T, s *S3) map[string]stored {
	t.Helper()
	ctx := context.Background()
	m := map[string]stored{}
	p := s3.NewListObjectsV2Paginator(s.Client, &s3.ListObjectsV2Input{Bucket: aws.String(testBucket)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range page.Contents {
			got, err := s.Client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(testBucket), Key: o.Key})
			if err != nil {
				t.Fatal(err)
			}
			data, err := io.ReadAll(got.Body)
			got.Body.Close()
			if err != nil {
				t.Fatal(err)
			}
			m[*o.Key] = stored{data: data, headers: cdn.Headers{
				ContentType:     aws.ToString(got.ContentType),
				CacheControl:    aws.ToString(got.CacheControl),
				ContentEncoding: aws.ToString(got.ContentEncoding),
			}}
		}
	}
	return m
}

// TestS3 runs the deploy scenarios against versitygw, with objects outside
// the prefix that must survive, then tries wrong credentials.
func TestS3(t *testing.T) {
	endpoint := startGateway(t)
	useCredentials(t, testAccess, testSecret)
	ctx := context.Background()
	admin := newS3(t, endpoint, "")
	outside := map[string]string{"keep.txt": "at the root", "site2/index.html": "a sibling prefix", "other/site/x.css": "elsewhere"}
	for k, v := range outside {
		if err := admin.put(ctx, k, []byte(v), "", cdn.Headers{ContentType: "text/plain"}); err != nil {
			t.Fatalf("seeding %s: %v", k, err)
		}
	}
	runSuite(t, store{
		target: func(t *testing.T) Target { return newS3(t, endpoint, testPrefix) },
		dump: func(t *testing.T) map[string]stored {
			m := map[string]stored{}
			for k, o := range dumpBucket(t, admin) {
				if rel, ok := strings.CutPrefix(k, testPrefix+"/"); ok && rel != StateKey {
					m[rel] = o
				}
			}
			return m
		},
	})
	if t.Failed() {
		return
	}
	all := dumpBucket(t, admin)
	for k, v := range outside {
		if string(all[k].data) != v {
			t.Errorf("%s, outside the prefix, was changed or deleted", k)
		}
	}

	// Wrong credentials: a clear error, and nothing changed.
	site := buildFixture(t, func(src string) {
		p := filepath.Join(src, "content/policies/2023/old.md")
		data, _ := os.ReadFile(p)
		os.WriteFile(p, append(data, []byte("\n\n另一段正文。\n")...), 0o644)
	})
	useCredentials(t, testAccess, "not-the-secret")
	bad := newS3(t, endpoint, testPrefix)
	_, err := Run(ctx, bad, Options{From: site, MaxDelete: 100})
	if err == nil || !strings.Contains(err.Error(), "refused the credentials") {
		t.Errorf("with a wrong secret: %v, want a refusal of the credentials", err)
	}
	if err != nil && strings.Contains(err.Error(), "not-the-secret") {
		t.Error("the error shows the secret")
	}
	useCredentials(t, testAccess, testSecret)
	after := dumpBucket(t, admin)
	if len(after) != len(all) {
		t.Errorf("the refused deploy changed the bucket: %d objects, were %d", len(after), len(all))
	}
	for k, o := range all {
		if string(after[k].data) != string(o.data) || after[k].headers != o.headers {
			t.Errorf("the refused deploy changed %s", k)
		}
	}
}
