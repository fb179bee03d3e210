package pool

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
)

// TestEachRunsEveryItemOnce: every index runs once, on no more goroutines
// than asked for.
func TestEachRunsEveryItemOnce(t *testing.T) {
	for _, workers := range []int{0, 1, 3, 50} {
		var mu sync.Mutex
		seen := map[int]int{}
		var running, most atomic.Int32
		err := Each(context.Background(), workers, 20, func(_ context.Context, i int) error {
			r := running.Add(1)
			defer running.Add(-1)
			for {
				m := most.Load()
				if r <= m || most.CompareAndSwap(m, r) {
					break
				}
			}
			mu.Lock()
			seen[i]++
			mu.Unlock()
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for i := range 20 {
			if seen[i] != 1 {
				t.Errorf("workers %d: item %d ran %d times", workers, i, seen[i])
			}
		}
		if limit := int32(max(workers, 1)); most.Load() > limit {
			t.Errorf("workers %d: %d ran at once", workers, most.Load())
		}
	}
}

// TestEachStopsAtTheFirstError: the error is returned, later items do not
// start, and the others see their context done.
func TestEachStopsAtTheFirstError(t *testing.T) {
	bad := errors.New("bad")
	var ran atomic.Int32
	err := Each(context.Background(), 1, 100, func(ctx context.Context, i int) error {
		ran.Add(1)
		if i == 3 {
			return bad
		}
		return nil
	})
	if !errors.Is(err, bad) {
		t.Errorf("err = %v, want %v", err, bad)
	}
	if n := ran.Load(); n > 5 {
		t.Errorf("%d items ran after the error at the 4th", n)
	}
}

// TestEachCancelled: a done context starts nothing and is the error.
func TestEachCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var ran atomic.Int32
	err := Each(ctx, 4, 100, func(context.Context, int) error { ran.Add(1); return nil })
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v", err)
	}
	if n := ran.Load(); n > 0 {
		t.Errorf("%d items ran on a done context", n)
	}
}
