package i18n

// The lines the command-line tool's packages print (the preview server,
// the deploys), as fmt formats.

var zhCLI = map[string]string{
	"serve.failed":  "生成失败（%d 个错误）；继续提供上一次成功生成的网站\n",
	"serve.built":   "已生成 %d 条记录，用时 %d 毫秒（%d 个文件有改动）\n",
	"serve.search":  "已更新搜索索引，用时 %d 毫秒（%d 个文件有改动）\n",
	"serve.watch":   "监视文件改动：%v\n",
	"serve.watchin": "监视 %s：%v\n",
	"serve.build":   "生成：%v\n",

	"deploy.new": "新增", "deploy.bytes": "内容变更", "deploy.headers": "标头变更", "deploy.delete": "删除",
	"deploy.foreign": "%[1]s 中有 %[2]d 个文件，但没有 %[3]s，不是 gongkai 发布的目标；未做任何改动（请换一个空的目标，或加 --force 让它成为本站的副本，删除本站没有的 %[4]d 个文件）",
	"deploy.toomany": "发布将从 %[2]s 删除 %[1]d 个文件，超过 --max-delete %[3]d；未做任何改动（请检查 --from 和目标，或加 --force）",
}

var enCLI = map[string]string{
	"serve.failed":  "build failed (%d errors); still serving the last good build\n",
	"serve.built":   "built %d records in %d ms (%d files changed)\n",
	"serve.search":  "updated the search index in %d ms (%d files changed)\n",
	"serve.watch":   "watch: %v\n",
	"serve.watchin": "watch %s: %v\n",
	"serve.build":   "build: %v\n",

	"deploy.new": "new", "deploy.bytes": "bytes", "deploy.headers": "headers", "deploy.delete": "delete",
	"deploy.foreign": "%[1]s holds %[2]d files but no %[3]s; nothing was changed (choose an empty target, or pass --force to make it a copy of the site, deleting the %[4]d files the site lacks)",
	"deploy.toomany": "the deploy would delete %[1]d files from %[2]s, more than --max-delete %[3]d; nothing was changed (check --from and the target, or pass --force)",
}
