/* common.js */
function showDate(){
	var d = new Date();
	var week = ["星期日","星期一","星期二","星期三","星期四","星期五","星期六"];
	document.write(d.getFullYear() + "年" + (d.getMonth() + 1) + "月" + d.getDate() + "日 " + week[d.getDay()]);
}
function addFavorite(){
	try { window.external.addFavorite(window.location.href, document.title); }
	catch (e) { alert("加入收藏失败，请使用Ctrl+D进行添加"); }
}
function doZoom(size){
	var zoom = document.getElementById("zoom");
	if (zoom) { zoom.style.fontSize = size + "px"; }
}
/* TRS WCM 分页 */
function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){
	if(_nPageCount == null || _nPageCount <= 1){
		return;
	}
	var nCurrIndex = _nCurrIndex || 0;
	document.write("<span class=\"page-count\">共" + _nPageCount + "页</span>&nbsp;");
	if(nCurrIndex == 0){
		document.write("<span>首页</span>&nbsp;<span>上一页</span>&nbsp;");
	}else{
		document.write("<a href=\"" + _sPageName + "." + _sPageExt + "\">首页</a>&nbsp;");
		if(nCurrIndex == 1){
			document.write("<a href=\"" + _sPageName + "." + _sPageExt + "\">上一页</a>&nbsp;");
		}else{
			document.write("<a href=\"" + _sPageName + "_" + (nCurrIndex - 1) + "." + _sPageExt + "\">上一页</a>&nbsp;");
		}
	}
	if(nCurrIndex == (_nPageCount - 1)){
		document.write("<span>下一页</span>&nbsp;<span>尾页</span>");
	}else{
		document.write("<a href=\"" + _sPageName + "_" + (nCurrIndex + 1) + "." + _sPageExt + "\">下一页</a>&nbsp;");
		document.write("<a href=\"" + _sPageName + "_" + (_nPageCount - 1) + "." + _sPageExt + "\">尾页</a>");
	}
}
