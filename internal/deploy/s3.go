package deploy

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"

	"github.com/gongkai/gongkai/internal/cdn"
)

// MetaSHA256 is the user metadata (x-amz-meta-gongkai-sha256) holding each
// object's SHA-256, which the ETag (an MD5, or not even that for multipart
// uploads) cannot be trusted to give.
const MetaSHA256 = "gongkai-sha256"

// S3Options says how to reach an S3-compatible store. Credentials come
// from the standard AWS environment variables or shared files.
type S3Options struct {
	Endpoint  string // "" for AWS; e.g. https://oss-cn-hangzhou.aliyuncs.com
	Region    string // "" for the configured one, else us-east-1
	PathStyle bool   // bucket in the path, not the host name
	Jobs      int    // metadata reads at once; 0: 8
}

// S3 is a bucket target under a prefix.
type S3 struct {
	Client *s3.Client
	Bucket string
	Prefix string // "" or ending in "/"
	Jobs   int
	saved  []byte
}

func (t *S3) String() string { return "s3://" + t.Bucket + "/" + t.Prefix }

// ErrTarget is a deploy target that is not s3://bucket/prefix.
var ErrTarget = errors.New("not s3://bucket/prefix")

// ParseS3URL splits s3://bucket/prefix. A prefix with an empty, "." or
// ".." segment is refused: a store or proxy that resolves them would write
// outside the prefix.
func ParseS3URL(s string) (bucket, prefix string, err error) {
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "s3" || u.Host == "" {
		return "", "", fmt.Errorf("%q is %w", s, ErrTarget)
	}
	prefix = strings.TrimPrefix(strings.TrimSuffix(u.Path, "/"), "/")
	if prefix != "" {
		if err := cleanKey(prefix); err != nil {
			return "", "", fmt.Errorf("%q: the prefix %w", s, err)
		}
		prefix += "/"
	}
	return u.Host, prefix, nil
}

// cleanKey refuses a key (or prefix) with an empty, "." or ".." segment.
func cleanKey(key string) error {
	for seg := range strings.SplitSeq(key, "/") {
		switch seg {
		case "", ".", "..":
			return fmt.Errorf("%q has a segment %q; use a plain path such as site/www", key, seg)
		}
	}
	return nil
}

// NewS3 connects to the bucket of target (s3://bucket/prefix).
func NewS3(ctx context.Context, target string, o S3Options) (*S3, error) {
	bucket, prefix, err := ParseS3URL(target)
	if err != nil {
		return nil, err
	}
	var loads []func(*config.LoadOptions) error
	if o.Region != "" {
		loads = append(loads, config.WithRegion(o.Region))
	}
	cfg, err := config.LoadDefaultConfig(ctx, loads...)
	if err != nil {
		return nil, fmt.Errorf("loading the AWS configuration: %w", err)
	}
	if cfg.Region == "" {
		cfg.Region = "us-east-1"
	}
	client := s3.NewFromConfig(cfg, func(so *s3.Options) {
		if o.Endpoint != "" {
			so.BaseEndpoint = aws.String(o.Endpoint)
		}
		so.UsePathStyle = o.PathStyle
		// Stores other than AWS (OSS, COS, OBS, older MinIO) reject the
		// SDK's newer default checksums; send them only when required.
		so.RequestChecksumCalculation = aws.RequestChecksumCalculationWhenRequired
		so.ResponseChecksumValidation = aws.ResponseChecksumValidationWhenRequired
	})
	jobs := o.Jobs
	if jobs <= 0 {
		jobs = 8
	}
	return &S3{Client: client, Bucket: bucket, Prefix: prefix, Jobs: jobs}, nil
}

// explain makes the store's refusals of credentials say so plainly. The
// messages of the SDK name no secret.
func (t *S3) explain(what string, err error) error {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		switch ae.ErrorCode() {
		case "InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied", "InvalidToken", "ExpiredToken", "Forbidden":
			return fmt.Errorf("%s %s: the store refused the credentials (%s); check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE and the shared credentials file", what, t, ae.ErrorCode())
		case "NoSuchBucket":
			return fmt.Errorf("%s %s: no such bucket", what, t)
		}
	}
	return fmt.Errorf("%s %s: %w", what, t, err)
}

// List lists the objects under the prefix. An object whose ETag and size
// match the recorded state takes its hash and headers from there; others
// are asked for their metadata.
func (t *S3) List(ctx context.Context) (map[string]Object, bool, error) {
	known := map[string]Object{}
	deployed := false
	got, err := t.Client.GetObject(ctx, &s3.GetObjectInput{Bucket: &t.Bucket, Key: aws.String(t.Prefix + StateKey)})
	var nsk *types.NoSuchKey
	switch {
	case err == nil:
		data, rerr := io.ReadAll(got.Body)
		got.Body.Close()
		if rerr != nil {
			return nil, false, t.explain("reading the state of", rerr)
		}
		deployed = true
		if k, derr := decodeState(data); derr == nil {
			known, t.saved = k, data
		}
	case errors.As(err, &nsk):
	default:
		return nil, false, t.explain("listing", err)
	}

	out := map[string]Object{}
	var unknown []string
	p := s3.NewListObjectsV2Paginator(t.Client, &s3.ListObjectsV2Input{Bucket: &t.Bucket, Prefix: aws.String(t.Prefix)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, false, t.explain("listing", err)
		}
		for _, o := range page.Contents {
			key := strings.TrimPrefix(aws.ToString(o.Key), t.Prefix)
			if key == StateKey || key == "" || strings.HasSuffix(key, "/") {
				continue
			}
			if cleanKey(key) != nil {
				continue // not a key gongkai writes, and one it will not delete
			}
			size := aws.ToInt64(o.Size)
			etag := strings.Trim(aws.ToString(o.ETag), `"`)
			if k, ok := known[key]; ok && k.Size == size && k.MD5 != "" && strings.EqualFold(k.MD5, etag) {
				out[key] = k
				continue
			}
			out[key] = Object{Size: size}
			unknown = append(unknown, key)
		}
	}
	// Ask for the metadata of the others.
	var mu sync.Mutex
	cs := make([]Change, len(unknown))
	for i, k := range unknown {
		cs[i] = Change{Key: k}
	}
	err = parallel(ctx, t.Jobs, cs, func(ctx context.Context, c Change) error {
		h, err := t.Client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: &t.Bucket, Key: aws.String(t.Prefix + c.Key)})
		if err != nil {
			return t.explain("reading "+c.Key+" in", err)
		}
		o := Object{
			Size:   aws.ToInt64(h.ContentLength),
			SHA256: h.Metadata[MetaSHA256],
			MD5:    strings.Trim(aws.ToString(h.ETag), `"`),
			Headers: cdn.Headers{
				ContentType:     aws.ToString(h.ContentType),
				CacheControl:    aws.ToString(h.CacheControl),
				ContentEncoding: aws.ToString(h.ContentEncoding),
			},
		}
		mu.Lock()
		out[c.Key] = o
		mu.Unlock()
		return nil
	})
	if err != nil {
		return nil, false, err
	}
	return out, deployed, nil
}

func (t *S3) Put(ctx context.Context, f File) error {
	data, err := os.ReadFile(f.Path)
	if err != nil {
		return err
	}
	return t.put(ctx, f.Key, data, f.SHA256, f.Headers)
}

func (t *S3) put(ctx context.Context, key string, data []byte, sha string, h cdn.Headers) error {
	if err := cleanKey(key); err != nil {
		return fmt.Errorf("writing to %s: %w", t, err)
	}
	sum := md5.Sum(data)
	in := &s3.PutObjectInput{
		Bucket:        &t.Bucket,
		Key:           aws.String(t.Prefix + key),
		Body:          bytes.NewReader(data),
		ContentLength: aws.Int64(int64(len(data))),
		ContentMD5:    aws.String(base64.StdEncoding.EncodeToString(sum[:])),
		ContentType:   aws.String(h.ContentType),
		CacheControl:  aws.String(h.CacheControl),
		Metadata:      map[string]string{MetaSHA256: sha},
	}
	if h.ContentEncoding != "" {
		in.ContentEncoding = aws.String(h.ContentEncoding)
	}
	if _, err := t.Client.PutObject(ctx, in); err != nil {
		return t.explain("writing to", err)
	}
	return nil
}

func (t *S3) Delete(ctx context.Context, key string) error {
	if err := cleanKey(key); err != nil {
		return fmt.Errorf("deleting from %s: %w", t, err)
	}
	if _, err := t.Client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: &t.Bucket, Key: aws.String(t.Prefix + key)}); err != nil {
		return t.explain("deleting from", err)
	}
	return nil
}

func (t *S3) SaveState(ctx context.Context, state map[string]Object) error {
	data, err := encodeState(state)
	if err != nil {
		return err
	}
	if bytes.Equal(data, t.saved) {
		return nil
	}
	if err := t.put(ctx, StateKey, data, "", cdn.Headers{ContentType: "application/json; charset=utf-8", CacheControl: cdn.Revalidate}); err != nil {
		return fmt.Errorf("recording the deploy: %w", err)
	}
	t.saved = data
	return nil
}
