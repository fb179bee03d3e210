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
	source := fs.String("source", ".", "the site `folder`")
	port := fs.Int("port", 1313, "the `port` to listen on (0: any free one)")
	bind := fs.String("bind", "127.0.0.1", "the `address` to listen on; only this machine by default")
	drafts := fs.Bool("drafts", false, "preview records marked draft")
	if err := fs.Parse(args); err != nil {
		return parseStatus(err)
	}
	ctx, ok := openSite(ctx, "serve", *source, stderr)
	if !ok {
		return 2
	}
	srv, err := serve.New(serve.Options{Source: *source, Drafts: *drafts,
		Logf: func(f string, a ...any) { fmt.Fprintf(stdout, f, a...) }})
	if err != nil {
		fmt.Fprintf(stderr, "gongkai serve: %v\n", err)
		return 2
	}
	defer srv.Close()
	ln, err := net.Listen("tcp", net.JoinHostPort(*bind, strconv.Itoa(*port)))
	if err != nil {
		fmt.Fprintf(stderr, "gongkai serve: %v\n", err)
		return 2
	}
	if err := srv.Build(ctx, false); err != nil {
		fmt.Fprintf(stderr, "gongkai serve: %v\n", err)
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
	fmt.Fprintf(stdout, "serving http://%s/ (Ctrl-C to stop)\n", ln.Addr())
	if err := hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintf(stderr, "gongkai serve: %v\n", err)
		return 2
	}
	return 0
}
