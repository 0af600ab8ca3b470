/* common.js */
function doZoom(size) { var z = document.getElementById('zoom'); if (z) { z.style.fontSize = size + 'px'; } }
function SetHome(obj, url) {
  try { obj.style.behavior = 'url(#default#homepage)'; obj.setHomePage(url); }
  catch (e) { alert('您的浏览器不支持此操作，请手动设置。'); }
}
