/**
 * A small, offline GraphQL console for development (no CDN is reachable from these
 * machines, so Apollo's landing page cannot load). Log in, write a query, run it.
 */
export const consolePage = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>Lawcheck GraphQL 控制台</title>
<style>
body{font:14px system-ui,"Noto Sans CJK SC",sans-serif;margin:0;display:grid;grid-template-rows:auto 1fr;height:100vh}
header{padding:8px 12px;background:#1f3a5f;color:#fff;display:flex;gap:8px;align-items:center}
header input{width:120px}main{display:grid;grid-template-columns:1fr 1fr;gap:8px;padding:8px;min-height:0}
textarea,pre{font:13px ui-monospace,monospace;width:100%;box-sizing:border-box;margin:0}
section{display:grid;grid-template-rows:3fr 1fr;gap:8px;min-height:0}pre{background:#f5f5f5;overflow:auto;padding:8px}
</style></head><body>
<header><b>Lawcheck GraphQL</b>
<input id="u" placeholder="username" value="admin"><input id="p" type="password" placeholder="password">
<button id="login">登录 / log in</button><span id="who"></span><span style="flex:1"></span><button id="run">运行 / run (Ctrl+Enter)</button></header>
<main><section><textarea id="q">{ me { id username role } }</textarea><textarea id="v" placeholder="variables (JSON)">{}</textarea></section><pre id="out"></pre></main>
<script>
const $=id=>document.getElementById(id);let token=sessionStorage.getItem('lawcheck-token')||'';
async function gql(query,variables){const r=await fetch('/graphql',{method:'POST',headers:{'content-type':'application/json',...(token?{authorization:'Bearer '+token}:{})},body:JSON.stringify({query,variables})});return r.json();}
$('login').onclick=async()=>{const r=await gql('mutation($u:String!,$p:String!){login(username:$u,password:$p){token user{username role}}}',{u:$('u').value,p:$('p').value});
if(r.data){token=r.data.login.token;sessionStorage.setItem('lawcheck-token',token);$('who').textContent=r.data.login.user.username+' ('+r.data.login.user.role+')';}$('out').textContent=JSON.stringify(r,null,2);};
async function run(){let v={};try{v=JSON.parse($('v').value||'{}')}catch(e){$('out').textContent='variables: '+e.message;return}$('out').textContent=JSON.stringify(await gql($('q').value,v),null,2);}
$('run').onclick=run;document.addEventListener('keydown',e=>{if(e.ctrlKey&&e.key==='Enter')run();});
</script></body></html>`;
