// Material for MkDocs' storage helpers (partials/javascripts/base.html of 9.8), loaded from a
// file so that no page needs an inline script of its own: the site root (Material's
// __md_scope) is the folder above this file, at <site>/javascripts/md-base.js.
__md_scope=new URL("..",document.currentScript.src),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}
