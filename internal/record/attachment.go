package record

import (
	"path"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/gongkai/gongkai/internal/diag"
	"github.com/gongkai/gongkai/internal/load"
)

func (d *decoder) attachments(v *yaml.Node) {
	if v.Kind != yaml.SequenceNode {
		d.typeErr("attachments", v, "a list of {file, title}", "{file, title} 列表")
		return
	}
	for _, item := range v.Content {
		var a Attachment
		var at *yaml.Node
		switch item.Kind {
		case yaml.ScalarNode:
			a.File, at = item.Value, item
		case yaml.MappingNode:
			for i := 0; i+1 < len(item.Content); i += 2 {
				k, val := item.Content[i], item.Content[i+1]
				switch k.Value {
				case "file", "文件":
					a.File, at = d.str("attachments.file", val), val
				case "title", "名称", "标题":
					a.Title = d.str("attachments.title", val)
				default:
					d.rep.Report(d.pos(k), diag.RuleUnknownKey, "attachments."+k.Value)
				}
			}
		default:
			d.typeErr("attachments", item, "{file, title}", "{file, title}")
			continue
		}
		if at == nil {
			d.rep.Report(d.pos(item), diag.RuleRequired, "attachments.file")
			continue
		}
		if a.Title == "" {
			a.Title = path.Base(a.File)
		}
		d.rec.Pos.set("attachment:"+a.File, d.pos(at))
		d.rec.Attachments = append(d.rec.Attachments, a)
	}
}

// checkAttachment resolves a against the record's folder: it must name a
// regular file inside content/ that is no symbolic link.
func (d *decoder) checkAttachment(a *Attachment, assets map[string]*load.Asset) {
	at := d.rec.At("attachment:" + a.File)
	f := strings.ReplaceAll(a.File, "\\", "/")
	rel := path.Clean(path.Join(d.rec.Dir, f))
	if f == "" || path.IsAbs(f) || rel == ".." || strings.HasPrefix(rel, "../") || strings.Contains(f, ":") {
		d.rep.Report(at, diag.RuleAttachmentPath, a.File)
		return
	}
	asset, ok := assets[rel]
	if ok && asset.Symlink {
		d.rep.Report(at, diag.RuleAttachmentPath, a.File)
		return
	}
	if !ok {
		for dir := path.Dir(rel); dir != "."; dir = path.Dir(dir) {
			if p, ok := assets[dir]; ok && p.Symlink {
				d.rep.Report(at, diag.RuleAttachmentPath, a.File)
				return
			}
		}
		d.rep.Report(at, diag.RuleAttachment, a.File)
		return
	}
	a.Rel, a.Abs, a.Size = rel, asset.Abs, asset.Size
}
