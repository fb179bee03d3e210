package importer

import (
	"archive/zip"
	"context"
	"fmt"
	"os"

	"github.com/xuri/excelize/v2"
)

// readXLSX reads the first sheet of an .xlsx file. It refuses a file whose
// parts unzip to more than opts.MaxUnzip bytes before unzipping anything,
// keeps every part in memory (excelize writes no temporary file), and
// returns as soon as ctx is done: the read checks ctx between rows, and the
// parts of excelize that cannot be interrupted finish in the background
// into a result nobody waits for.
func readXLSX(ctx context.Context, name string, opts ReadOptions) (*Table, error) {
	limit := opts.MaxUnzip
	if limit <= 0 {
		limit = DefaultMaxUnzip
	}
	if err := checkUnzipSize(name, limit); err != nil {
		return nil, err
	}
	// Temporary files go to a folder of this read's own, removed however
	// the read ends, should excelize write one after all.
	tmp, err := os.MkdirTemp("", "gongkai-import-")
	if err != nil {
		return nil, err
	}
	type result struct {
		t   *Table
		err error
	}
	done := make(chan result, 1)
	go func() {
		defer os.RemoveAll(tmp)
		f, err := excelize.OpenFile(name, excelize.Options{RawCellValue: true,
			UnzipSizeLimit: limit, UnzipXMLSizeLimit: limit, TmpDir: tmp})
		if err != nil {
			done <- result{nil, err}
			return
		}
		defer f.Close()
		t, err := xlsxTable(ctx, f)
		done <- result{t, err}
	}()
	select {
	case r := <-done:
		return r.t, r.err
	case <-ctx.Done():
		os.RemoveAll(tmp)
		return nil, ctx.Err()
	}
}

// checkUnzipSize refuses a zip whose entries say they unzip to more than
// limit bytes together. archive/zip fails a read that yields more than an
// entry says, so the sizes can be trusted.
func checkUnzipSize(name string, limit int64) error {
	z, err := zip.OpenReader(name)
	if err != nil {
		return err
	}
	defer z.Close()
	var total uint64
	for _, f := range z.File {
		total += f.UncompressedSize64
		if total > uint64(limit) || total < f.UncompressedSize64 {
			return fmt.Errorf("解压后超过 %d MiB（%s 超出上限），不予读取；确需导入请用 --max-unzip 调高上限", limit>>20, f.Name)
		}
	}
	return nil
}
