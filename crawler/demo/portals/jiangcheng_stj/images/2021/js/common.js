/* common.js */
function doZoom(size){var z=document.getElementById('zhengwen');if(z){z.style.fontSize=size+'px';}}
