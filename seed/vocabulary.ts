/**
 * Word lists the generator draws from: cities with their districts, street
 * names, people and company names, brands, carriers and goods. Kept apart so
 * the generating code reads as logic, and so tests can import the brand list.
 */

export interface CityInfo {
  readonly name: string;
  readonly districts: readonly string[];
}

export const CITIES: readonly CityInfo[] = [
  { name: 'Shenzhen', districts: ['Futian', 'Luohu', 'Nanshan', 'Bao\'an', 'Longgang', 'Longhua'] },
  { name: 'Guangzhou', districts: ['Baiyun', 'Tianhe', 'Haizhu', 'Panyu', 'Yuexiu', 'Huadu'] },
  { name: 'Dongguan', districts: ['Humen', 'Chang\'an', 'Houjie', 'Nancheng', 'Dongcheng'] },
  { name: 'Yiwu', districts: ['Choucheng', 'Futian', 'Jiangdong', 'Beiyuan', 'Niansanli'] },
  { name: 'Putian', districts: ['Licheng', 'Chengxiang', 'Hanjiang', 'Xiuyu'] },
  { name: 'Quanzhou', districts: ['Fengze', 'Licheng', 'Luojiang', 'Jinjiang'] },
  { name: 'Hangzhou', districts: ['Xihu', 'Gongshu', 'Binjiang', 'Xiaoshan', 'Yuhang'] },
  { name: 'Shanghai', districts: ['Pudong', 'Minhang', 'Jiading', 'Songjiang', 'Baoshan', 'Putuo'] },
  { name: 'Xiamen', districts: ['Siming', 'Huli', 'Jimei', 'Haicang', 'Tong\'an'] },
  { name: 'Ningbo', districts: ['Haishu', 'Jiangbei', 'Yinzhou', 'Beilun', 'Zhenhai'] },
];

export const STREET_NAMES: readonly string[] = [
  'Nanshan', 'Shennan', 'Huaqiang', 'Binhe', 'Jianshe', 'Renmin', 'Zhongshan', 'Jiefang',
  'Xinhua', 'Heping', 'Dongmen', 'Xinzhou', 'Meilin', 'Bagua', 'Caitian', 'Hongli',
  'Beihuan', 'Qiaoxiang', 'Longxiang', 'Baomin', 'Xixiang', 'Fuhua', 'Yitian', 'Lianhua',
  'Guangming', 'Wenhua', 'Chaoyang', 'Jinhu', 'Huancheng', 'Gongye',
];

export const STREET_TYPES = ['Road', 'Street', 'Avenue'] as const;
export type StreetType = (typeof STREET_TYPES)[number];

export const SURNAMES: readonly string[] = [
  'Wang', 'Li', 'Zhang', 'Liu', 'Chen', 'Yang', 'Huang', 'Zhao', 'Wu', 'Zhou', 'Xu', 'Sun',
  'Ma', 'Zhu', 'Hu', 'Guo', 'He', 'Lin', 'Luo', 'Gao', 'Zheng', 'Liang', 'Xie', 'Tang',
];

export const GIVEN_NAMES: readonly string[] = [
  'Wei', 'Fang', 'Na', 'Min', 'Jing', 'Lei', 'Qiang', 'Yan', 'Jun', 'Yong', 'Jie', 'Tao',
  'Ming', 'Chao', 'Xiu Ying', 'Hui', 'Gang', 'Ping', 'Hong', 'Xin', 'Lan', 'Bo', 'Hao', 'Yu',
];

export const COMPANY_WORDS: readonly string[] = [
  'Huaxin', 'Jiali', 'Xinda', 'Hengtai', 'Dingsheng', 'Meida', 'Yuanhang', 'Tianyi', 'Jinhui',
  'Shengda', 'Ruifeng', 'Baoli', 'Kaixuan', 'Fuxing', 'Longteng', 'Haoyun', 'Zhongtai', 'Anxin',
];

export const COMPANY_KINDS: readonly string[] = [
  'Trading Co., Ltd.', 'E-commerce Co., Ltd.', 'Technology Co., Ltd.', 'Import & Export Co., Ltd.',
  'Apparel Co., Ltd.', 'Electronics Firm', 'Trading',
];

export const SHOP_WORDS: readonly string[] = [
  'Official Store', 'Outlet', 'Flagship', 'Boutique', 'Direct', 'Factory Store', 'Mall',
  'Shop', 'Deals', 'Global', 'Select', 'Premium Goods',
];

/** Brand names for reports; two contain characters that need CSV quoting. */
export const BRANDS: readonly string[] = [
  'Lumora', 'Vexa', 'Caldera Sport', 'Northpeak', 'Aurelle', 'Kestrel Audio', 'Maison Verin',
  'Zephyra', 'Orbitek', 'Solenne', 'Tavira', 'Brightline', 'Hollis & Crane', 'Marquette, Paris',
  'Ondine',
];

export const CARRIERS: readonly string[] = [
  'SF Express', 'ZTO', 'YTO', 'STO', 'Yunda', 'China Post', 'J&T Express', 'Cainiao', 'DHL eCommerce',
];

export const ITEMS: readonly string[] = [
  'sneakers', 'handbag', 'watch', 'phone case', 'headphones', 'sunglasses', 't-shirt', 'perfume',
  'wallet', 'cosmetics set', 'belt', 'scarf', 'earbuds', 'backpack', 'jacket', 'phone charger',
];

export const EMAIL_DOMAINS: readonly string[] = [
  'qq.com', '163.com', '126.com', 'gmail.com', 'outlook.com', 'sina.com', 'foxmail.com', 'yahoo.com',
];
