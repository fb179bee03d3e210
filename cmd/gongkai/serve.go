package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/gongkai/gongkai/internal/serve"
)

// cmdServe previews the site on 127.0.0.1, rebuilding and reloading on change.
func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	setUsage(ctx, fs, "用法：gongkai serve [选项]\n\n在本机预览网站，文件改动后自动重新生成并刷新页面。选项：",
		"usage: gongkai serve [flags]\n\npreview the site on this machine, rebuilding and reloading on change. Flags:")
	source := fs.String("source", ".", say(ctx, "站点`文件夹`", "the site `folder`"))
	port := fs.Int("port", 1313, say(ctx, "监听的`端口`（0：任一空闲端口）", "the `port` to listen on (0: any free one)"))
	bind := fs.String("bind", "127.0.0.1", say(ctx, "监听的`地址`；默认只有本机可访问", "the `address` to listen on; only this machine by default"))
	drafts := fs.Bool("drafts", false, say(ctx, "预览标为草稿的记录", "preview records marked draft"))
	if err := fs.Parse(args); err != nil {
		return parseStatus(err)
	}
	ctx, ok := openSite(ctx, "serve", *source, stderr)
	if !ok {
		return 2
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(*bind, strconv.Itoa(*port)))
	if err != nil {
		fail(ctx, stderr, "serve", err)
		return 2
	}
	defer ln.Close()
	srv, err := serve.New(serve.Options{Source: *source, Drafts: *drafts, Listen: ln.Addr().String(), Lang: langOf(ctx),
		Logf: func(f string, a ...any) { fmt.Fprintf(stdout, f, a...) }})
	if err != nil {
		fail(ctx, stderr, "serve", err)
		return 2
	}
	defer srv.Close()
	if err := srv.Build(ctx, false); err != nil {
		fail(ctx, stderr, "serve", err)
		return 2
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		srv.Close() // ends open pages' event streams
		shut, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		hs.Shutdown(shut)
	}()
	go srv.Watch(ctx)
	fmt.Fprintf(stdout, say(ctx, "正在预览 http://%s/（按 Ctrl-C 停止）\n", "serving http://%s/ (Ctrl-C to stop)\n"), ln.Addr())
	if err := hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		fail(ctx, stderr, "serve", err)
		return 2
	}
	return 0
}
