/* 无障碍 barrierfree loader */
(function () {
  var btn = document.getElementById('barrierfree_btn');
  if (btn) { btn.onclick = function () { alert('无障碍服务加载中'); }; }
})();
