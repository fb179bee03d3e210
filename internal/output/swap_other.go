//go:build !linux

package output

func swap(staged, final string) error { return swapByRenames(staged, final) }
