package analysis

// Vectors are the strings on which every implementation of the analysis
// must agree; the JavaScript port is tested against them too.
var Vectors = []string{
	"",
	"税",
	"个人所得税",
	"个人所得税 专项附加扣除",
	"示例市人民政府办公室关于印发《示例市生活垃圾分类实施办法》的通知",
	"示府办发〔2024〕12号",
	"示府办发[2024]12号",
	"索引号：11339900MB01234567/2024-00012",
	"2024年度政府信息公开工作年度报告",
	"第3号",
	"A股市场",
	"GDP增长6.5%",
	"ＡＢＣ１２３全角",
	"Hello, World! hello_world e.g. U.S.A. don't 3.14 1,000 12:30 a:b v2.6.3",
	"二〇二四年",
	"年，度。规定；第一条",
	"《中华人民共和国政府信息公开条例》第二十四条",
	"COVID-19疫情防控",
	"PM2.5浓度",
	"http://www.example.gov.cn/zwgk/",
	"Ünïcödé ÀÉÎ straße",
	"中文English混合123数字",
	"  多  个  空  格  ",
	"ひらがなカタカナ漢字",
	"表1：2023年主动公开情况",
	"1.2.3 第1.1条",
	"。，、；：？！",
}
