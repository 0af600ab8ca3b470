/* 网站底部 footer.js  江城市人民政府门户网站 */
document.write('<div class="foot-link w1200">');
document.write('<span>相关链接：</span><a href="http://www.gov.cn/" target="_blank">中国政府网</a>');
document.write('</div>');
document.write('<div class="foot-info">');
document.write('<div class="w1200 clearfix">');
document.write('<div class="foot-conac"><span id="_ideConac"></span><script type="text/javascript" src="https://dcs.conac.cn/js/17/289/0000/40964411/CA172890000409644110001.js"><\/script></div>');
document.write('<div class="foot-txt">');
document.write('<p>主办单位：江城市人民政府办公室&nbsp;&nbsp;&nbsp;&nbsp;承办单位：江城市大数据中心</p>');
document.write('<p>网站标识码：4204000001&nbsp;&nbsp;&nbsp;&nbsp;<a href="https://beian.miit.gov.cn/" target="_blank">鄂ICP备05008731号-1</a></p>');
document.write('<p>地址：江城市沿江大道1号&nbsp;&nbsp;&nbsp;&nbsp;建议使用谷歌、火狐、IE10及以上版本浏览器浏览本站</p>');
document.write('</div>');
document.write('<div class="foot-jiucuo"><script id="_jiucuo_" sitecode="4204000001" src="https://zfwzgl.www.gov.cn/exposure/jiucuo.js"><\/script></div>');
document.write('</div>');
document.write('</div>');
