// Package pool owns running many independent pieces of work on a bounded
// number of goroutines: the one worker pool of every stage that fans out.
//
// It knows nothing of what the work is.
package pool

import (
	"context"
	"sync"
)

// Each runs do(ctx, i) for every i from 0 to n-1 on at most workers
// goroutines (at least one) and returns the first error. After an error,
// or once ctx is done, no further i starts, and Each returns that error or
// ctx's cause; do gets a context that is done then too.
func Each(ctx context.Context, workers, n int, do func(ctx context.Context, i int) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(max(workers, 1), n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if err := do(ctx, i); err != nil {
					cancel(err)
				}
			}
		}()
	}
feed:
	for i := range n {
		if ctx.Err() != nil {
			break
		}
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	return context.Cause(ctx)
}
